/**
 * Issue 16: admin catalog editing with its audit trail and `product.updated`, CSV exports, and
 * what search engines read (sitemap.xml, robots.txt, canonical URL, schema.org JSON-LD), all
 * through the public gateway and the storefront as a client uses them, plus the new admin pages
 * in a real browser with axe.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { ORDER_CSV_HEADER } from '../../../services/order/src/store/orders';
import { api } from '../src/api';
import { browserForTests, screenshots, seriousViolations, signIn, STOREFRONT } from '../src/browser';
import {
  approvedOrder,
  capture,
  checkout,
  createProduct,
  fillCart,
  newAdmin,
  registeredShopper,
  untilStatus,
} from '../src/shop';
import { DATA, eventually, GATEWAY, localSecrets } from '../src/stack';
import { tokenFor } from '../src/tokens';

/** docs/architecture.md, "Catalog reads": read model 2 s + gateway 2 s + 1 s a client may keep it. */
const CATALOG_BOUND_MS = 5000;

/** A CSV file (RFC 4180, as the exports write it) as rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

async function download(path: string, who: Parameters<typeof tokenFor>[0]) {
  const res = await fetch(`${GATEWAY}/api/v1${path}`, {
    headers: { authorization: `Bearer ${await tokenFor(who)}` },
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The Redis database the test profile's broker (Redis Streams) uses. */
function brokerDb(): number {
  const text = fs.readFileSync(path.join(DATA, 'components', 'pubsub.yaml'), 'utf8');
  return Number(/- name: redisDB\n\s+value: ['"]?(\d+)/.exec(text)?.[1] ?? '0');
}

describe('admin catalog editing', () => {
  it('an edited price reaches the product page and the next order; the audit shows who, when, before and after; product.updated is published once', async () => {
    const admin = newAdmin();
    const product = await createProduct(10, 1500, admin);
    const before = (await api('GET', `/products/${product.id}`, admin)).body;
    const edited = await api('PATCH', `/products/${product.id}`, admin, {
      name: `${product.name} (blue)`,
      price: { amount: 1725, currency: 'EUR' },
      categories: ['kitchen', 'gifts'],
      attributes: { colour: 'blue' },
      // Unchanged: left out of the audit entry.
      description: before.description,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.price).toEqual({ amount: 1725, currency: 'EUR' });

    const audit = await api('GET', `/products/${product.id}/audit`, admin);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    const entry = audit.body.items[0];
    expect(entry).toMatchObject({
      revision: 1,
      by: admin.userId,
      changes: {
        name: { before: product.name, after: `${product.name} (blue)` },
        price: { before: { amount: 1500, currency: 'EUR' }, after: { amount: 1725, currency: 'EUR' } },
        categories: { before: ['kitchen'], after: ['kitchen', 'gifts'] },
        attributes: { before: {}, after: { colour: 'blue' } },
      },
    });
    expect(Object.keys(entry.changes).sort()).toEqual(['attributes', 'categories', 'name', 'price']);
    expect(Math.abs(Date.parse(entry.at) - Date.now())).toBeLessThan(60_000);

    // The same edit again changes nothing, so it records nothing.
    await api('PATCH', `/products/${product.id}`, admin, { price: { amount: 1725, currency: 'EUR' } });
    expect((await api('GET', `/products/${product.id}/audit`, admin)).body.items).toHaveLength(1);

    // The event, on the broker with the audit entry's id, exactly once.
    const redis = new Redis({ host: '127.0.0.1', port: 6379, db: brokerDb(), lazyConnect: true });
    await redis.connect();
    try {
      const published = await eventually(
        async () => {
          const entries = await redis.xrange('product.updated', '-', '+');
          const ours = entries.filter(([, fields]) => fields.join(' ').includes(entry.eventId));
          return ours.length > 0 ? ours : undefined;
        },
        { within: 20_000, what: 'product.updated on the broker' },
      );
      expect(published).toHaveLength(1);
      const text = published[0]![1].join(' ');
      expect(text).toContain(product.id);
      expect(text).toContain('"revision":1');
    } finally {
      redis.disconnect();
    }

    // Shoppers see the new price within the catalog's bound, by slug and in search.
    await eventually(
      async () => {
        const page = (await api('GET', `/products/${product.slug}`)).body;
        const search = (await api('GET', `/products?q=${product.sku.toLowerCase()}`)).body;
        return page.price.amount === 1725 && search.items[0]?.price.amount === 1725 ? true : undefined;
      },
      { within: CATALOG_BOUND_MS, what: 'the new price on anonymous reads' },
    );
    // The storefront's product page shows it too (its page cache adds its own bound: 67 s).
    await eventually(
      async () => {
        const html = await fetch(`${STOREFRONT}/products/${product.slug}`).then((r) => r.text());
        return html.includes('€17.25') ? true : undefined;
      },
      { within: 70_000, what: 'the new price on the product page' },
    );

    // The next order is priced at the new price.
    const shopper = await registeredShopper();
    await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);
    const placed = await checkout(shopper);
    expect(placed.status).toBe(201);
    expect(placed.body.total).toEqual({ amount: 3450, currency: 'EUR' });
    expect(placed.body.lines[0].unitPrice).toEqual({ amount: 1725, currency: 'EUR' });
  });

  it('archiving is audited; a refused edit names the field and records nothing', async () => {
    const admin = newAdmin();
    const product = await createProduct(1, 900, admin);
    const bad = await api('PATCH', `/products/${product.id}`, admin, {
      price: { amount: -1, currency: 'EUR' },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('price.amount');
    expect((await api('GET', `/products/${product.id}/audit`, admin)).body.items).toEqual([]);

    expect((await api('POST', `/products/${product.id}/archive`, admin)).status).toBe(200);
    const audit = (await api('GET', `/products/${product.id}/audit`, admin)).body;
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].changes).toEqual({ active: { before: true, after: false } });
    expect(
      (await api('GET', `/products/${randomUUID().replace(/-/g, '').slice(0, 24)}/audit`, admin)).status,
    ).toBe(404);
  });

  it('only an admin edits, reads the audit or exports: a shopper gets 403, nobody 401', async () => {
    const product = await createProduct(1);
    const shopper = await registeredShopper();
    const range = 'from=2026-01-01&to=2026-02-01';
    const calls: [string, string, unknown?][] = [
      ['PATCH', `/products/${product.id}`, { name: 'Mine now' }],
      ['GET', `/products/${product.id}/audit`],
      ['GET', `/admin/exports/orders.csv?${range}`],
      ['GET', `/admin/exports/products.csv?${range}`],
    ];
    for (const [method, route, body] of calls) {
      expect([route, (await api(method, route, shopper, body)).status]).toEqual([route, 403]);
      expect([route, (await api(method, route, undefined, body)).status]).toEqual([route, 401]);
    }
    expect((await api('GET', `/products/${product.id}`, shopper)).body.name).toBe(product.name);
  });
});

describe('CSV exports', () => {
  it('orders of a date range: exactly the orders placed in it, oldest first, at their totals', async () => {
    const admin = newAdmin();
    const shopper = await registeredShopper();
    // Each is paid and confirmed, so no saga is left waiting for a later test.
    const paid = async (options: Parameters<typeof approvedOrder>[1]) => {
      const placed = await approvedOrder(shopper, options);
      expect((await capture(shopper, placed.orderId)).status).toBe(200);
      await untilStatus(shopper, placed.orderId, ['CONFIRMED']);
      return placed;
    };
    const first = await paid({ amount: 1100 });
    const second = await paid({ amount: 2200, quantity: 2, onHand: 3 });
    const third = await paid({ amount: 3300 });
    const createdAt = async (id: string) =>
      (await api('GET', `/orders/${id}`, shopper)).body.createdAt as string;
    // [first, third): the first and the second, not the third.
    const from = await createdAt(first.orderId);
    const to = await createdAt(third.orderId);
    const res = await download(
      `/admin/exports/orders.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      admin,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="orders-.*\.csv"$/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual(ORDER_CSV_HEADER);
    expect(header!.slice(0, 3)).toEqual(['order_id', 'created_at', 'status']);
    expect(rows.map((r) => r[0])).toEqual([first.orderId, second.orderId]);
    expect(rows[0]).toEqual(
      expect.arrayContaining([
        'CONFIRMED',
        shopper.userId,
        '1',
        `${first.product.sku} x1`,
        '1100',
        'EUR',
        'GB',
      ]),
    );
    expect(rows[1]).toEqual(expect.arrayContaining(['CONFIRMED', '2', `${second.product.sku} x2`, '4400']));

    // A range that is not one: 400 naming the field.
    const backwards = await api(
      'GET',
      `/admin/exports/orders.csv?from=${to.slice(0, 10)}&to=2020-01-01`,
      admin,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors.map((e: { path: string }) => e.path)).toContain('from');
    const missing = await api('GET', '/admin/exports/orders.csv?from=2026-01-01', admin);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toContain('to');
  });

  it('products of a date range, with formula cells defused', async () => {
    const admin = newAdmin();
    const a = await createProduct(4, 1000, admin);
    const b = await createProduct(0, 2000, admin);
    const c = await createProduct(1, 3000, admin);
    const risky = ['=HYPERLINK("http://evil.example","x")', '-2+3', '+1', '@SUM(A1)', 'Plain, "quoted" mug'];
    for (const [product, name] of [
      [a, risky[0]],
      [b, risky[1]],
    ] as const)
      expect((await api('PATCH', `/products/${product.id}`, admin, { name })).status).toBe(200);
    const createdAt = async (id: string) =>
      (await api('GET', `/products/${id}`, admin)).body.createdAt as string;
    const res = await download(
      `/admin/exports/products.csv?from=${encodeURIComponent(await createdAt(a.id))}&to=${encodeURIComponent(await createdAt(c.id))}`,
      admin,
    );
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(res.text);
    expect(header!.slice(0, 4)).toEqual(['id', 'sku', 'slug', 'name']);
    expect(rows.map((r) => r[0])).toEqual([a.id, b.id]);
    expect(rows[0]![3]).toBe(`'${risky[0]}`);
    expect(rows[1]![3]).toBe(`'${risky[1]}`);
    expect(rows[0]!.slice(5, 10)).toEqual(['1000', 'EUR', '4', '0', '4']);

    // Every risky first character is defused; a comma and quotes survive the quoting.
    const cFrom = await createdAt(c.id);
    const cTo = new Date(Date.parse(cFrom) + 86_400_000).toISOString();
    for (const [name, cell] of [
      [risky[2], `'${risky[2]}`],
      [risky[3], `'${risky[3]}`],
      [risky[4], risky[4]],
    ] as const) {
      expect((await api('PATCH', `/products/${c.id}`, admin, { name })).status).toBe(200);
      const later = await download(
        `/admin/exports/products.csv?from=${encodeURIComponent(cFrom)}&to=${encodeURIComponent(cTo)}`,
        admin,
      );
      expect(later.status).toBe(200);
      expect(parseCsv(later.text).find((r) => r[0] === c.id)?.[3]).toBe(cell);
    }
  });
});

describe('search engines', () => {
  async function sitemapSlugs(): Promise<string[]> {
    const res = await fetch(`${STOREFRONT}/sitemap.xml`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    return [...xml.matchAll(/<loc>[^<]*\/products\/([^<]+)<\/loc>/g)].map((m) => decodeURIComponent(m[1]!));
  }
  async function activeSlugs(): Promise<string[]> {
    const slugs: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { slug: string }[]; nextCursor: string | null } = (
        await api(
          'GET',
          `/products?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          newAdmin(),
        )
      ).body;
      slugs.push(...page.items.map((p) => p.slug));
      cursor = page.nextCursor;
    } while (cursor);
    return slugs;
  }

  it('the sitemap lists exactly the active products; an archived one leaves it', async () => {
    const admin = newAdmin();
    const product = await createProduct(1, 1500, admin);
    await eventually(
      async () => {
        const [inMap, active] = await Promise.all([sitemapSlugs(), activeSlugs()]);
        return inMap.includes(product.slug) &&
          JSON.stringify([...inMap].sort()) === JSON.stringify([...active].sort())
          ? true
          : undefined;
      },
      { within: CATALOG_BOUND_MS * 2, what: 'the sitemap to list exactly the active products' },
    );
    const xml = await fetch(`${STOREFRONT}/sitemap.xml`).then((r) => r.text());
    expect(xml).toContain('/search?category=kitchen');

    expect((await api('POST', `/products/${product.id}/archive`, admin)).status).toBe(200);
    await eventually(async () => ((await sitemapSlugs()).includes(product.slug) ? undefined : true), {
      within: CATALOG_BOUND_MS * 2,
      what: 'the archived product to leave the sitemap',
    });
    const [inMap, active] = await Promise.all([sitemapSlugs(), activeSlugs()]);
    expect([...inMap].sort()).toEqual([...active].sort());
  });

  it('robots.txt points to the sitemap and keeps crawlers out of private pages', async () => {
    const res = await fetch(`${STOREFRONT}/robots.txt`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^Sitemap: https?:\/\/[^\s]+\/sitemap\.xml$/m);
    for (const path of ['/admin', '/account', '/cart', '/checkout'])
      expect(text).toContain(`Disallow: ${path}`);
  });

  it('a product page carries its canonical URL and schema.org Product/Offer JSON-LD', async () => {
    const product = await createProduct(2, 2599);
    const html = await fetch(`${STOREFRONT}/products/${product.slug}`).then((r) => r.text());
    expect(html).toMatch(new RegExp(`<link rel="canonical" href="https?://[^"]+/products/${product.slug}"`));
    const script = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    expect(script).toBeDefined();
    const data = JSON.parse(script!);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: product.name,
      sku: product.sku,
      offers: {
        '@type': 'Offer',
        price: '25.99',
        priceCurrency: 'EUR',
        availability: 'https://schema.org/InStock',
      },
    });
  });
});

describe('the admin pages in a real browser', () => {
  const browser = browserForTests();

  const noLoadingLeft = async (page: Page) => expect(await page.getByText('Loading…').count()).toBe(0);

  it('an admin edits a product’s price and name and reads the change in its audit; exports page; no serious axe violations', async () => {
    const shot = screenshots('admin-edit');
    const product = await createProduct(3, 1200);
    const secrets = localSecrets();
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, secrets.ADMIN_EMAIL!, secrets.ADMIN_PASSWORD!, '/admin/products');
    await page.locator('#admin-q').fill(product.sku);
    await page.locator('#admin-q').press('Enter');
    await page.getByRole('link', { name: `Edit ${product.name}` }).click();
    await page.getByRole('heading', { level: 1, name: `Edit “${product.name}”` }).waitFor();
    await page.getByText('No changes yet.').waitFor();
    await noLoadingLeft(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'edit-page');

    await page.getByLabel('Price', { exact: true }).fill('13.50');
    await page.getByLabel('Name', { exact: true }).fill(`${product.name} v2`);
    await page.getByLabel('Details', { exact: true }).fill('colour: green');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'is saved' }).waitFor();
    const priceRow = page.getByRole('row', { name: /price/ });
    await priceRow.waitFor();
    expect(await priceRow.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['12.00 EUR', '13.50 EUR']),
    );
    await noLoadingLeft(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'edited');
    const api1 = await api('GET', `/products/${product.id}`, newAdmin());
    expect(api1.body.price.amount).toBe(1350);
    expect(api1.body.attributes).toEqual({ colour: 'green' });

    // A price that is not one: the form says so, nothing changes.
    await page.getByLabel('Price', { exact: true }).fill('cheap');
    await page.locator('form[aria-label="Edit product"]').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please enter the price' }).waitFor();
    expect((await api('GET', `/products/${product.id}`, newAdmin())).body.price.amount).toBe(1350);

    await page.getByRole('link', { name: 'Exports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Exports' }).waitFor();
    await noLoadingLeft(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'exports');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download products' }).click(),
    ]);
    const text = fs.readFileSync((await file.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toMatch(/^id,sku,slug,name,/);
    expect(text).toContain(product.id);
    await context.close();
  });
});
