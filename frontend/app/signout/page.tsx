import type { Metadata } from 'next';
import { SigningOut } from './SigningOut';

export const metadata: Metadata = { title: 'Signing out' };

export default async function SignOutPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const { deleted } = await searchParams;
  return <SigningOut accountDeleted={deleted === '1'} />;
}
