import { planChange as plan, type ChangedOrder } from '../src/domain/change';
import type { OrderLine } from '../src/domain/order';
import { line } from './fixtures';
import { shopPricing } from './pricing-config';

const pricing = shopPricing;
const placed = (lines: OrderLine[], method: string | null = null): ChangedOrder => ({
  lines,
  total: { amount: lines.reduce((sum, l) => sum + l.unitPrice.amount * l.quantity, 0) },
  shipping: { method },
  tax: { country: 'DE' },
});
const planChange = (
  lines: OrderLine[],
  ...rest: [Parameters<typeof plan>[1], Parameters<typeof plan>[2], 'EUR']
) => plan(placed(lines), ...rest, pricing(true));

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

  it('prices shipping and tax again for the lines left', () => {
    // Standard shipping is free from 50.00: 3 × 10.00 + 2 × 5.00 = 40.00 pays 4.90; 1 × 10.00 too.
    const order = [line('a', 3, 1000), line('b', 2, 500)];
    const { change } = plan(
      { ...placed(order, 'standard'), total: { amount: 4490 } },
      {
        lines: [
          { productId: 'b', quantity: 0 },
          { productId: 'a', quantity: 5 },
        ],
      },
      [forSale('a', 1000), forSale('b', 500)],
      'EUR',
      pricing(false),
    );
    // 5 × 10.00 = 50.00 ships free; 19 % on top: 9.50.
    expect(change?.total).toBe(5950);
    expect(change?.charges).toEqual({
      shippingMethod: 'standard',
      shipping: 0,
      shippingTax: 0,
      tax: 950,
      taxCountry: 'DE',
      taxRate: 1900,
      taxIncluded: false,
    });
    expect(change?.summary).toBe('Product a 3 → 5; Product b removed; total 44.90 EUR → 59.50 EUR');
  });
});
