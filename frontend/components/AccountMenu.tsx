import Link from 'next/link';
import type { SignedIn } from '@/lib/auth';
import { SignOutButton } from './SignOutButton';

/** The header's menu items for the signed-in shopper (see SiteChrome); null when nobody is. */
export function AccountMenu({ user }: { user: SignedIn | null }) {
  if (!user) return null;
  return (
    <>
      <li>
        <Link href="/orders">Orders</Link>
      </li>
      <li>
        <Link href="/account">Account</Link>
      </li>
      {user.role === 'admin' && (
        <li>
          <Link href="/admin">Admin</Link>
        </li>
      )}
      <li>
        <SignOutButton />
      </li>
    </>
  );
}
