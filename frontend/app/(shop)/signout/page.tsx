import type { Metadata } from 'next';
import { SigningOut } from './SigningOut';

export const metadata: Metadata = { title: 'Signing out' };

export default async function SignOutPage({
  searchParams,
}: {
  searchParams: Promise<{ deleted?: string; ended?: string }>;
}) {
  const { deleted, ended } = await searchParams;
  return <SigningOut accountDeleted={deleted === '1'} sessionEnded={ended === '1'} />;
}
