import type { ReactNode } from 'react';
import { SiteChrome } from '@/components/SiteChrome';

/**
 * The catalog pages as a signed-out shopper sees them, rendered once and served from Next's page
 * cache to every signed-out shopper (server.mjs sends them here; a shopper with a session gets the
 * per-request pages in app/(shop)). Nothing here may depend on who asks: each page is
 * `force-static`, so cookies and headers read as empty while it renders.
 *
 * Freshness (docs/architecture.md, "Storefront pages"): each page says `revalidate = 30` and
 * next.config.mjs sets `expireTime: 60`, so an entry older than 30 s is re-rendered in the
 * background on its next request, and one older than 60 s is never served (the request waits for a
 * fresh render). server.mjs holds a fetched page 5 s more (html-cache.mjs, HOLD_MS), and the catalog data
 * in a render is at most 2 s old (the gateway's catalog cache). So a price or stock figure here is
 * at most 67 s older than the catalog, plus one render's time;
 * packages/stack-tests/test/storefront-cache.test.ts checks it.
 */
export default function SignedOutLayout({ children }: { children: ReactNode }) {
  return <SiteChrome>{children}</SiteChrome>;
}
