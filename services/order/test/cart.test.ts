import { emptyCart, mergeLines, normalizeLines, sellableLines, snapshotLines } from '../src/domain/cart';

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

describe('mergeLines (a guest cart joining the account cart at sign-in)', () => {
  const lines = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ productId: `${prefix}${i}`, quantity: 1 }));

  it("adds the guest's quantities to the account's lines, capped at 99, new products after them", () => {
    expect(
      mergeLines(
        [
          { productId: 'a', quantity: 5 },
          { productId: 'b', quantity: 1 },
        ],
        [
          { productId: 'c', quantity: 2 },
          { productId: 'a', quantity: 98 },
        ],
      ),
    ).toEqual([
      { productId: 'a', quantity: 99 },
      { productId: 'b', quantity: 1 },
      { productId: 'c', quantity: 2 },
    ]);
  });

  it('keeps at most 50 lines, the account cart first', () => {
    const merged = mergeLines(lines(45, 'acct'), lines(10, 'guest'));
    expect(merged).toHaveLength(50);
    expect(merged.at(-1)).toEqual({ productId: 'guest4', quantity: 1 });
  });

  it('drops lines the shop no longer sells, keeping the order of the rest', () => {
    const product = (id: string, active = true) => ({
      id,
      sku: `SKU-${id}`,
      name: id,
      price: { amount: 100, currency: 'EUR' as const },
      active,
    });
    expect(
      sellableLines(
        [
          { productId: 'a', quantity: 1 },
          { productId: 'gone', quantity: 1 },
          { productId: 'old', quantity: 1 },
          { productId: 'b', quantity: 2 },
        ],
        [product('a'), null, product('old', false), product('b')],
      ).map((l) => [l.productId, l.quantity, l.sku]),
    ).toEqual([
      ['a', 1, 'SKU-a'],
      ['b', 2, 'SKU-b'],
    ]);
  });
});
