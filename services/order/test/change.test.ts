import { planChange } from '../src/domain/change';
import { line } from './fixtures';

const forSale = (id: string, amount: number, active = true) => ({
  id,
  sku: id.toUpperCase(),
  name: `Product ${id}`,
  price: { amount, currency: 'EUR' as const },
  active,
});

describe('planChange', () => {
  const order = [line('a', 3, 1000), line('b', 2, 500)];

  it('sets the named quantities, removes lines at 0 and prices what is left from the catalog', () => {
    const { change, errors } = planChange(
      order,
      {
        lines: [
          { productId: 'a', quantity: 1 },
          { productId: 'b', quantity: 0 },
        ],
      },
      [forSale('a', 1200), forSale('b', 500)],
      'EUR',
    );
    expect(errors).toEqual([]);
    expect(change?.lines).toEqual([{ ...line('a', 1, 1200) }]);
    expect(change?.total).toBe(1200);
    expect(change?.summary).toBe('Product a 3 → 1; Product b removed; total 40.00 EUR → 12.00 EUR');
  });

  it('names the field at fault: a product not in the order, or no line left', () => {
    expect(
      planChange(order, { lines: [{ productId: 'z', quantity: 1 }] }, [null, null], 'EUR').errors,
    ).toEqual([{ path: 'lines.0.productId', message: 'is not a line of this order' }]);
    expect(
      planChange(
        order,
        {
          lines: [
            { productId: 'a', quantity: 0 },
            { productId: 'b', quantity: 0 },
          ],
        },
        [null, null],
        'EUR',
      ).errors[0]?.path,
    ).toBe('lines');
  });

  it('refuses a change that keeps a product the shop no longer sells', () => {
    const { change, errors } = planChange(
      order,
      { lines: [{ productId: 'b', quantity: 1 }] },
      [forSale('a', 1000, false), forSale('b', 500)],
      'EUR',
    );
    expect(change).toBeNull();
    expect(errors[0]?.message).toMatch(/no longer sold/);
  });
});
