import { emptyCart, normalizeLines } from '../src/domain/cart';

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
