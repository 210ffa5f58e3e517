import { priceCart } from '../src/domain/checkout';

const product = (
  id: string,
  amount: number,
  extra: Partial<{ active: boolean; currency: 'EUR' | 'USD' }> = {},
) => ({
  id,
  sku: `SKU-${id}`,
  name: `Product ${id}`,
  price: { amount, currency: extra.currency ?? 'EUR' },
  active: extra.active ?? true,
});
const cart = (...lines: [string, number][]) => ({
  customerId: 'c1',
  lines: lines.map(([productId, quantity]) => ({ productId, quantity })),
  updatedAt: null,
});

describe('priceCart', () => {
  it('prices every line at the catalog’s current price', () => {
    const priced = priceCart(cart(['a', 2], ['b', 1]), [product('a', 1250), product('b', 99)], 'EUR');
    expect(priced.errors).toEqual([]);
    expect(priced.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual([
      ['SKU-a', 2, 1250],
      ['SKU-b', 1, 99],
    ]);
  });

  it('names each line that cannot be ordered, all at once', () => {
    const priced = priceCart(
      cart(['a', 1], ['gone', 1], ['old', 1], ['usd', 1]),
      [
        product('a', 100),
        null,
        product('old', 100, { active: false }),
        product('usd', 100, { currency: 'USD' }),
      ],
      'EUR',
    );
    expect(priced.errors).toEqual([
      { path: 'cart.lines.1.productId', message: 'unknown product gone' },
      { path: 'cart.lines.2.productId', message: 'Product old is no longer sold' },
      { path: 'currency', message: 'Product usd is sold in USD' },
    ]);
  });

  it('refuses an empty cart', () => {
    expect(priceCart(cart(), [], 'EUR').errors).toEqual([{ path: 'cart', message: 'the cart is empty' }]);
  });
});
