import path from 'node:path';
import { loadPricing } from '../src/config';
import {
  breakdownOf,
  chargesOf,
  divideHalfUp,
  lineTax,
  priceOrder,
  PricingConfig,
  type PricedOrder,
} from '../src/domain/pricing';
import { shopPricing } from './pricing-config';

const shop = shopPricing;
const eur = (amount: number) => ({ amount, currency: 'EUR' as const });
const line = (amount: number, quantity = 1) => ({ unitPrice: eur(amount), quantity });

const priced = (...args: Parameters<typeof priceOrder>): PricedOrder => {
  const result = priceOrder(...args);
  if (!result.priced) throw new Error(JSON.stringify(result.errors));
  return result.priced;
};

describe('divideHalfUp', () => {
  it('rounds halves up, where banker’s rounding would go to the even neighbour', () => {
    expect(divideHalfUp(5, 2)).toBe(3); // 2.5: banker's gives 2
    expect(divideHalfUp(3, 2)).toBe(2); // 1.5
    expect(divideHalfUp(1, 3)).toBe(0);
    expect(divideHalfUp(2, 3)).toBe(1);
    expect(divideHalfUp(0, 7)).toBe(0);
  });

  it('stays exact on the largest line a cart holds (99 × 10,000,000.00 at 27 %)', () => {
    // 99_000_000_000 × 2700 / 12700 = 21_047_244_094.488… → 21_047_244_094
    expect(divideHalfUp(99_000_000_000 * 2700, 12_700)).toBe(21_047_244_094);
  });
});

describe('lineTax', () => {
  it('adds tax on top of a net amount', () => {
    expect(lineTax(2500, 1900, false)).toBe(475);
    expect(lineTax(150, 1900, false)).toBe(29); // 28.5 up
    expect(lineTax(2, 2500, false)).toBe(1); // 0.5 up
    expect(lineTax(1, 2500, false)).toBe(0); // 0.25 down
  });

  it('takes the tax contained in a gross amount', () => {
    expect(lineTax(2500, 1900, true)).toBe(399); // 399.16…
    expect(lineTax(999, 1900, true)).toBe(160); // 159.50…
    expect(lineTax(15, 2000, true)).toBe(3); // 2.5 up
    expect(lineTax(1190, 1900, true)).toBe(190); // exactly 190
  });

  it('is nothing at a zero rate or on nothing', () => {
    expect(lineTax(12345, 0, true)).toBe(0);
    expect(lineTax(0, 1900, false)).toBe(0);
  });
});

describe('priceOrder', () => {
  it('prices with tax included (Germany, standard shipping below its threshold)', () => {
    const p = priced(
      [line(1250, 2), line(999)],
      { country: 'DE', shippingMethod: 'standard' },
      'EUR',
      shop(true),
    );
    // Lines 2500 and 999; tax in them 2500·19/119 = 399.16 → 399 and 999·19/119 = 159.50 → 160;
    // shipping 490 with 490·19/119 = 78.24 → 78 in it. The total is what is stated: 3499 + 490.
    expect(p.lines).toEqual([
      { amount: 2500, tax: 399 },
      { amount: 999, tax: 160 },
    ]);
    expect(p).toMatchObject({ subtotal: 3499, shippingTax: 78, tax: 637, total: 3989, rate: 1900 });
    expect(p.shipping).toEqual({ method: 'standard', name: 'Standard', amount: 490, freeFrom: 5000 });
  });

  it('adds tax when prices are stated without it (France, express)', () => {
    const p = priced([line(1250, 2)], { country: 'FR', shippingMethod: 'express' }, 'EUR', shop(false));
    // 2500 + 20 % = 500; express 990 + 20 % = 198; total 2500 + 990 + 698.
    expect(p).toMatchObject({ subtotal: 2500, shippingTax: 198, tax: 698, total: 4188, rate: 2000 });
  });

  it('charges no tax where the configuration has no rate (exports)', () => {
    const p = priced([line(1250, 2)], { country: 'US', shippingMethod: 'standard' }, 'EUR', shop(false));
    expect(p).toMatchObject({ rate: 0, tax: 0, total: 2990 });
  });

  it('rounds each line, not the sum', () => {
    // Three lines of 1.50 at 19 % added: 28.5 → 29 each, 87 in all; the sum's 85.5 would give 86.
    const p = priced([line(150), line(150), line(150)], { country: 'DE' }, 'EUR', shop(false));
    expect(p.tax).toBe(87);
    expect(p.total).toBe(450 + 87);
  });

  it('ships free from the threshold on, and the default method when none is named', () => {
    const at = priced([line(2500, 2)], { country: 'DE', shippingMethod: 'standard' }, 'EUR', shop(true));
    expect(at.shipping.amount).toBe(0);
    const below = priced([line(4999)], { country: 'DE', shippingMethod: 'standard' }, 'EUR', shop(true));
    expect(below.shipping.amount).toBe(490);
    const byDefault = priced([line(4999)], { country: 'DE' }, 'EUR', shop(true));
    expect(byDefault.shipping).toMatchObject({ method: 'economy', amount: 0 });
    expect(byDefault.total).toBe(4999);
    expect(byDefault.methods.map((m) => [m.method, m.amount])).toEqual([
      ['economy', 0],
      ['standard', 490],
      ['express', 990],
    ]);
  });

  it('uses the fee of the cart’s currency', () => {
    const p = priceOrder(
      [{ unitPrice: { amount: 1000, currency: 'GBP' }, quantity: 1 }],
      { country: 'FR', shippingMethod: 'standard' },
      'GBP',
      shop(false),
    );
    expect(p.priced).toMatchObject({ shipping: { amount: 450, freeFrom: 4500 }, tax: 200 + 90, total: 1740 });
  });

  it('refuses to mix currencies', () => {
    expect(() =>
      priceOrder(
        [line(100), { unitPrice: { amount: 100, currency: 'USD' }, quantity: 1 }],
        { country: 'DE' },
        'EUR',
        shop(true),
      ),
    ).toThrow(/USD/);
  });

  it('names an unknown shipping method', () => {
    const p = priceOrder([line(100)], { country: 'DE', shippingMethod: 'pigeon' }, 'EUR', shop(true));
    expect(p.errors).toEqual([
      { path: 'shippingMethod', message: 'must be one of economy, standard, express' },
    ]);
  });
});

describe('breakdownOf', () => {
  it('splits a tax-inclusive total into goods and shipping without tax, and the tax', () => {
    const p = priced(
      [line(1250, 2), line(999)],
      { country: 'DE', shippingMethod: 'standard' },
      'EUR',
      shop(true),
    );
    // Goods 3499 − (399 + 160) = 2940, shipping 490 − 78 = 412, tax 637: 3989 in all.
    expect(breakdownOf(p.total, chargesOf(p))).toEqual({ itemTotal: 2940, shipping: 412, taxTotal: 637 });
  });

  it('keeps net amounts as they are when tax is added', () => {
    const p = priced([line(1250, 2)], { country: 'FR', shippingMethod: 'express' }, 'EUR', shop(false));
    expect(breakdownOf(p.total, chargesOf(p))).toEqual({ itemTotal: 2500, shipping: 990, taxTotal: 698 });
  });
});

describe('the shop’s pricing.json', () => {
  it('is a valid configuration', () => {
    const config = loadPricing(path.resolve(__dirname, '../config/pricing.json'));
    expect(config.tax.rates.DE).toBe(1900);
    expect(config.shipping.methods.find((m) => m.id === config.shipping.default)?.fee.EUR).toBe(0);
  });

  it('refuses a default method that is not offered', () => {
    expect(
      PricingConfig.safeParse({ ...shop(true), shipping: { ...shop(true).shipping, default: 'none' } })
        .success,
    ).toBe(false);
  });
});
