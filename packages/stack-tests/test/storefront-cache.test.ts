/**
 * The storefront's page cache for signed-out shoppers, through the real stack: one cached page
 * serves every signed-out shopper, a signed-in shopper never gets it, and an admin's price or
 * stock change reaches the signed-out product page within the stated bound
 * (app/signed-out/layout.tsx in the storefront; docs/architecture.md, "Storefront pages").
 */
import { api } from '../src/api';
import { STOREFRONT } from '../src/browser';
import { createProduct, newAdmin } from '../src/shop';
import { eventually } from '../src/stack';

/**
 * The bound: the gateway's catalog cache (2 s) + Next's page cache (an entry is never served
 * after 60 s, `expireTime`) + the HTML server.mjs holds (5 s, HOLD_MS), plus the render itself.
 */
const STOREFRONT_STALENESS_BOUND_MS = 70_000;

async function page(path: string, cookie?: string) {
  const res = await fetch(`${STOREFRONT}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

describe('storefront pages for signed-out shoppers', () => {
  const admin = newAdmin();

  it('come from the page cache, and a request with a session is rendered for its sender', async () => {
    const product = await createProduct(8, 1500, admin);
    const first = await page(`/products/${product.slug}`);
    expect(first.status).toBe(200);
    expect(first.html).toContain(product.name);
    expect(first.html).toContain('€15.00');
    // Next answered from (or filled) its page cache: only cached pages carry this header.
    expect(first.headers.get('x-nextjs-cache')).toMatch(/^(HIT|MISS|STALE|REVALIDATED)$/);
    expect(first.html).toContain('Sign in');

    // A session cookie (even one the storefront cannot read) always gets a per-request page.
    const withSession = await page(`/products/${product.slug}`, 'next-auth.session-token=not-a-session');
    expect(withSession.status).toBe(200);
    expect(withSession.headers.get('x-nextjs-cache')).toBeNull();
    expect(withSession.headers.get('cache-control')).toMatch(/private|no-store/);

    // Search and home come from the cache too; unknown query parameters share the entry.
    const search = await page(`/search?q=${encodeURIComponent(product.name)}&utm_source=test`);
    expect(search.status).toBe(200);
    expect(search.headers.get('x-nextjs-cache')).toMatch(/^(HIT|MISS|STALE|REVALIDATED)$/);
    expect((await page('/')).headers.get('x-nextjs-cache')).toMatch(/^(HIT|MISS|STALE|REVALIDATED)$/);
  });

  it('show an admin’s price and stock change within the stated bound', async () => {
    const product = await createProduct(8, 1500, admin);
    const path = `/products/${product.slug}`;
    expect((await page(path)).html).toContain('€15.00');

    const patched = await api('PATCH', `/products/${product.id}`, admin, {
      price: { amount: 1234, currency: 'EUR' },
    });
    expect(patched.status).toBe(200);
    const lowered = await api('POST', `/products/${product.id}/stock`, admin, {
      delta: -6,
      reason: 'CORRECTION',
    });
    expect(lowered.status).toBe(200);
    const changedAt = Date.now();

    let last = '';
    await eventually(
      async () => {
        const { headers, ...answer } = await page(path);
        // React separates a text's parts with empty comments: "Only <!-- -->2<!-- --> left".
        const html = answer.html.replaceAll('<!-- -->', '');
        const price = /class="price">([^<]*)</.exec(html)?.[1];
        const stock = /class="stock-[a-z]+">([^<]*)</.exec(html)?.[1];
        last = `${price} / ${stock} (x-nextjs-cache ${headers.get('x-nextjs-cache')})`;
        return html.includes('€12.34') && html.includes('Only 2 left') ? true : undefined;
      },
      STOREFRONT_STALENESS_BOUND_MS,
      'the new price and stock on the signed-out product page',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the page showed ${last}`);
    });
    const seenAfter = Date.now() - changedAt;
    expect(seenAfter).toBeLessThanOrEqual(STOREFRONT_STALENESS_BOUND_MS);
    // Once seen, never the old price again (no older copy is served from another layer).
    for (let i = 0; i < 5; i++) expect((await page(path)).html).not.toContain('€15.00');
  });
});
