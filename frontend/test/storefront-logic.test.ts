import { addLine, cartTotal, setLine } from '../lib/cart-lines';
import { formatMoney, parseMajorUnits, sumMoney } from '../lib/money';
import { describeProblem, fieldLabel } from '../lib/problems';
import { safeReturnTo } from '../lib/return-to';

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
