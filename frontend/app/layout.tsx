import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/SignOutButton';
import { currentUser } from '@/lib/auth';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sidecart', template: '%s · Sidecart' },
  description: 'An open-source shop on Dapr',
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Every page shows who is signed in and talks to the live API: nothing is prerendered.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
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
      </body>
    </html>
  );
}
