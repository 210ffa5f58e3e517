import type { ReactNode } from 'react';
import { AccountMenu } from '@/components/AccountMenu';
import { SiteChrome } from '@/components/SiteChrome';
import { currentUser } from '@/lib/auth';

// Every page here shows who is signed in and talks to the live API: nothing is prerendered.
export const dynamic = 'force-dynamic';

export default async function ShopLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return <SiteChrome menu={user ? <AccountMenu user={user} /> : undefined}>{children}</SiteChrome>;
}
