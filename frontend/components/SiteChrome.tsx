import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * The header, main landmark and footer around every page. Two layouts use it: app/(shop), rendered
 * per request, passes the shopper's `menu` (AccountMenu); the pages a signed-out shopper is served
 * from the page cache (app/signed-out) must not depend on who asks and show the signed-out menu.
 * The signed-in menu comes in as a prop so that its client code (NextAuth's sign-out) is not in the
 * signed-out pages' JavaScript.
 */
export function SiteChrome({ menu, children }: { menu?: ReactNode; children: ReactNode }) {
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
            {menu ?? <SignedOutMenu />}
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

function SignedOutMenu() {
  return (
    <>
      <li>
        <Link href="/signin">Sign in</Link>
      </li>
      <li>
        <Link href="/signup">Create account</Link>
      </li>
    </>
  );
}
