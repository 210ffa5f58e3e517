import Link from 'next/link';
import type { ReactNode } from 'react';
import type { SignedIn } from '@/lib/auth';
import { SignOutButton } from './SignOutButton';

/**
 * The header, main landmark and footer around every page. Two layouts use it: the one for
 * signed-in pages, rendered per request with the shopper's menu, and the one for the pages a
 * signed-out shopper is served from the page cache (app/signed-out), which must not depend on
 * who asks (`user` is null there).
 */
export function SiteChrome({ user, children }: { user: SignedIn | null; children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <Link href="/" className="brand">
          Sidecart
        </Link>
        <form action="/search" method="get" role="search" className="header-search">
          <label htmlFor="header-q" className="visually-hidden">
            Search products
          </label>
          <input id="header-q" name="q" type="search" placeholder="Search products" maxLength={100} />
          <button type="submit">Search</button>
        </form>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/cart">Cart</Link>
            </li>
            {user ? (
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
            ) : (
              <>
                <li>
                  <Link href="/signin">Sign in</Link>
                </li>
                <li>
                  <Link href="/signup">Create account</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>Sidecart, an open-source shop on Dapr. Payments by PayPal.</p>
      </footer>
    </>
  );
}
