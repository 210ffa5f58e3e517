import type { ReactNode } from 'react';
import { requireAdmin } from '@/lib/auth';
import { AdminNav } from './AdminNav';
import './admin.css';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin('/admin');
  return (
    <>
      <AdminNav />
      {children}
    </>
  );
}
