import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth';
import { AdminNav } from './AdminNav';
import './admin.css';

/**
 * Shoppers are turned away here. A signed-out visitor is sent to sign-in by the page itself
 * (each admin page calls `requireAdmin` with its own path), so the way back leads to the page
 * asked for, not to the admin home; the gateway refuses every admin call without an admin token.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (user && user.role !== 'admin') redirect('/');
  return (
    <>
      {user ? <AdminNav /> : null}
      {children}
    </>
  );
}
