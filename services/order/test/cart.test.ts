import { emptyCart, normalizeLines, snapshotLines } from '../src/domain/cart';

describe('normalizeLines', () => {
  it('merges repeated products and caps a line at 99', () => {
    expect(
      normalizeLines([
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 3 },
        { productId: 'b', quantity: 98 },
      ]),
    ).toEqual([
      { productId: 'a', quantity: 5 },
      { productId: 'b', quantity: 99 },
    ]);
  });

  it('starts carts empty and unsaved', () => {
    expect(emptyCart('c1')).toEqual({ customerId: 'c1', lines: [], updatedAt: null });
  });
});

describe('snapshotLines', () => {
  const mug = {
    id: 'm',
    sku: 'MUG-1',
    name: 'Mug',
    price: { amount: 1299, currency: 'EUR' as const },
    active: true,
  };

  it('keeps the name, sku and price the shopper saw', () => {
    expect(snapshotLines([{ productId: 'm', quantity: 2 }], [mug])).toEqual({
      lines: [
        {
          productId: 'm',
          quantity: 2,
          sku: 'MUG-1',
          name: 'Mug',
          unitPrice: { amount: 1299, currency: 'EUR' },
        },
      ],
      errors: [],
    });
  });

  it('refuses unknown and archived products, naming their lines', () => {
    const result = snapshotLines(
      [
        { productId: 'm', quantity: 1 },
        { productId: 'x', quantity: 1 },
        { productId: 'old', quantity: 1 },
      ],
      [mug, null, { ...mug, id: 'old', name: 'Old mug', active: false }],
    );
    expect(result.errors).toEqual([
      { path: 'lines.1.productId', message: 'unknown product x' },
      { path: 'lines.2.productId', message: 'Old mug is no longer sold' },
    ]);
  });
});
