import type { ReactNode } from 'react';
import { SiteChrome } from '@/components/SiteChrome';
import { currentUser } from '@/lib/auth';

// Every page here shows who is signed in and talks to the live API: nothing is prerendered.
export const dynamic = 'force-dynamic';

export default async function ShopLayout({ children }: { children: ReactNode }) {
  return <SiteChrome user={await currentUser()}>{children}</SiteChrome>;
}
