import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addLine, cartTotal, setLine } from '../lib/cart-lines';
import { formatMoney, parseMajorUnits, sumMoney } from '../lib/money';
import { describeProblem, fieldLabel } from '../lib/problems';
import { safeReturnTo } from '../lib/return-to';

// ES modules (server.mjs imports them, uncompiled); this file is compiled to CommonJS.
type HtmlCache = typeof import('../html-cache.mjs', { with: { 'resolution-mode': 'import' } });
type PageCache = typeof import('../lib/page-cache.mjs', { with: { 'resolution-mode': 'import' } });
let htmlCache: HtmlCache['htmlCache'];
let signedOutPath: PageCache['signedOutPath'];
let searchKey: PageCache['searchKey'];
let fromSearchKey: PageCache['fromSearchKey'];
beforeAll(async () => {
  ({ htmlCache } = await import('../html-cache.mjs'));
  ({ signedOutPath, searchKey, fromSearchKey } = await import('../lib/page-cache.mjs'));
});

describe('money', () => {
  it('parses a typed price into integer minor units without float rounding', () => {
    expect(parseMajorUnits('12')).toBe(1200);
    expect(parseMajorUnits('12.5')).toBe(1250);
    expect(parseMajorUnits('0,07')).toBe(7);
    expect(parseMajorUnits('19.99')).toBe(1999);
    expect(parseMajorUnits(' 4.10 ')).toBe(410);
  });
  it('refuses what is not a price', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '1.2.3', undefined])
      expect(parseMajorUnits(bad)).toBeUndefined();
  });
  it('formats in the shopper’s language', () => {
    expect(formatMoney({ amount: 1299, currency: 'EUR' }, 'en')).toBe('€12.99');
    expect(formatMoney({ amount: 1299, currency: 'EUR' }, 'de')).toMatch(/^12,99\s€$/);
    expect(formatMoney({ amount: 100000, currency: 'GBP' }, 'en')).toBe('£1,000.00');
  });
  it('sums minor units', () => {
    expect(
      sumMoney(
        [
          { amount: 1, currency: 'EUR' },
          { amount: 2, currency: 'EUR' },
        ],
        'EUR',
      ),
    ).toEqual({ amount: 3, currency: 'EUR' });
  });
});

describe('cart lines', () => {
  const lines = [{ productId: 'a', quantity: 2 }];
  it('adds to an existing line, capped at 99', () => {
    expect(addLine('a', 3)(lines)).toEqual([{ productId: 'a', quantity: 5 }]);
    expect(addLine('a', 98)(lines)).toEqual([{ productId: 'a', quantity: 99 }]);
  });
  it('opens a new line for a new product', () => {
    expect(addLine('b', 1)(lines)).toEqual([...lines, { productId: 'b', quantity: 1 }]);
  });
  it('totals the priced lines in their currency; an empty cart costs nothing in the fallback', () => {
    const priced = [
      { quantity: 2, unitPrice: { amount: 1299, currency: 'GBP' as const } },
      { quantity: 1 },
      { quantity: 3, unitPrice: { amount: 100, currency: 'GBP' as const } },
    ];
    expect(cartTotal(priced, 'EUR')).toEqual({ amount: 2898, currency: 'GBP' });
    expect(cartTotal([], 'USD')).toEqual({ amount: 0, currency: 'USD' });
  });
  it('sets a quantity and leaves other lines alone', () => {
    expect(setLine('a', 7)([...lines, { productId: 'b', quantity: 1 }])).toEqual([
      { productId: 'a', quantity: 7 },
      { productId: 'b', quantity: 1 },
    ]);
  });
});

describe('problems in plain words', () => {
  it('names the fields of a 400', () => {
    expect(
      describeProblem(400, {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [{ path: 'shippingAddress.postalCode', message: 'is required' }],
      }),
    ).toBe('Please check: postal code is required.');
  });
  it('says what to do for each kind of failure, never a stack trace', () => {
    expect(describeProblem(401, null)).toMatch(/sign in again/);
    expect(describeProblem(429, null)).toMatch(/wait a moment/);
    expect(describeProblem(503, null)).toMatch(/not available right now/);
    expect(
      describeProblem(500, { type: 'x', title: 'Error', status: 500, detail: 'TypeError at foo.ts:1' }),
    ).not.toMatch(/TypeError/);
  });
  it('turns API paths into words', () => {
    expect(fieldLabel('lines.0.quantity')).toBe('quantity');
    expect(fieldLabel('email')).toBe('email');
  });
});

describe('return addresses', () => {
  it('only come back to a path on this site', () => {
    expect(safeReturnTo('/account')).toBe('/account');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('//evil.example/')).toBe('/');
    expect(safeReturnTo(undefined, '/cart')).toBe('/cart');
  });
  it('refuses paths a browser resolves to another host', () => {
    for (const bad of [
      '/\\evil.example',
      '/\t/evil.example',
      '/\t\t/evil.example',
      '/\n/evil.example',
      '/%09/x',
    ])
      expect(new URL(safeReturnTo(bad), 'https://shop.example').host).toBe('shop.example');
    expect(safeReturnTo('/\\evil.example')).toBe('/');
    expect(safeReturnTo('/orders?page=2#top')).toBe('/orders?page=2#top');
  });
});

describe('page cache routing (signed-out shoppers get the cached pages)', () => {
  it('sends signed-out GETs and HEADs of the home, search and product pages to app/signed-out', () => {
    expect(signedOutPath('GET', '/', undefined)).toBe('/signed-out/en');
    expect(signedOutPath('HEAD', '/products/classic-mug', '')).toBe('/signed-out/en/products/classic-mug');
    expect(signedOutPath('GET', '/search?q=mug', 'theme=dark')).toBe('/signed-out/en/search/q%3Dmug');
    expect(signedOutPath('GET', '/search', undefined)).toBe('/signed-out/en/search/all');
    expect(signedOutPath('GET', '/products/mug?_rsc=abc', undefined)).toBe(
      '/signed-out/en/products/mug?_rsc=abc',
    );
  });
  it('leaves every other request to the per-request pages', () => {
    const session = 'a=1; next-auth.session-token=eyJ';
    expect(signedOutPath('GET', '/products/mug', session)).toBeNull();
    expect(signedOutPath('GET', '/', '__Secure-next-auth.session-token.0=x')).toBeNull();
    expect(signedOutPath('POST', '/products/mug', undefined)).toBeNull();
    for (const url of ['/cart', '/account', '/products/mug/extra', '/signin?callbackUrl=%2F'])
      expect(signedOutPath('GET', url, undefined)).toBeNull();
    // Another cookie that merely contains the name is not a session.
    expect(signedOutPath('GET', '/', 'x-next-auth.session-token-hint=1')).toBe('/signed-out/en');
  });
  it('keys a search by its own parameters only, in a fixed order, and reads them back', () => {
    const a = searchKey(new URLSearchParams('utm_source=x&q=tea pot&category=kitchen&sort='));
    const b = searchKey(new URLSearchParams('category=kitchen&q=tea+pot&fbclid=1'));
    expect(a).toBe(b);
    expect(fromSearchKey(a)).toEqual({ category: 'kitchen', q: 'tea pot' });
    expect(fromSearchKey(encodeURIComponent(a))).toEqual({ category: 'kitchen', q: 'tea pot' });
    expect(fromSearchKey(searchKey(new URLSearchParams('q=100%25 cotton=yes')))).toEqual({
      q: '100% cotton=yes',
    });
    expect(fromSearchKey(searchKey(new URLSearchParams('')))).toEqual({});
  });
});

describe('held HTML of the cached pages', () => {
  let server: Server;
  let port = 0;
  let served = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      served++;
      setTimeout(() => {
        res.writeHead(req.url === '/missing' ? 404 : 200, {
          'content-type': 'text/html',
          connection: 'close',
        });
        res.end(`page ${served} of ${req.url}`);
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** One request answered by the cache, as server.mjs hands it over. */
  async function ask(
    serve: ReturnType<typeof htmlCache>,
    path: string,
    headers: Record<string, string> = {},
  ) {
    let status = 0;
    let body = '';
    const res = {
      writeHead: (s: number) => (status = s),
      end: (b?: Buffer) => (body = b?.toString() ?? ''),
    };
    const answered = await serve({ method: 'GET', headers } as never, res as never, path);
    return { answered, status, body };
  }

  it('fetches a page once for concurrent requests, holds it, and fetches again after the hold', async () => {
    const serve = htmlCache({ port, host: '127.0.0.1', holdMs: 300 });
    const before = served;
    const first = await Promise.all([1, 2, 3].map(() => ask(serve, '/p')));
    expect(served - before).toBe(1);
    expect(new Set(first.map((a) => a.body)).size).toBe(1);
    expect(first[0]).toMatchObject({ answered: true, status: 200 });
    expect((await ask(serve, '/p')).body).toBe(first[0]!.body);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const later = await ask(serve, '/p');
    expect(served - before).toBe(2);
    expect(later.body).not.toBe(first[0]!.body);
  });
  it('does not hold an error page, and leaves the client router’s requests to Next', async () => {
    const serve = htmlCache({ port, host: '127.0.0.1', holdMs: 60_000 });
    const before = served;
    expect((await ask(serve, '/missing')).status).toBe(404);
    expect((await ask(serve, '/missing')).status).toBe(404);
    expect(served - before).toBe(2);
    expect((await ask(serve, '/p', { rsc: '1' })).answered).toBe(false);
    expect((await ask(serve, '/p', { 'next-router-prefetch': '1' })).answered).toBe(false);
    expect((await ask(serve, '/p?_rsc=x')).answered).toBe(false);
    expect(served - before).toBe(2);
  });
});
