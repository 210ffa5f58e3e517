import { planRefund, refundNote, type PastRefund } from '../src/domain/refund';
import { line } from './fixtures';

const lines = [line('a', 2, 1000), line('b', 1, 550), line('c', 3, 200)];
const order = (status: 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'PENDING' = 'CONFIRMED') => ({
  status,
  total: { amount: 3150, currency: 'EUR' as const },
  lines,
});
const past = (p: Partial<PastRefund>): PastRefund => ({
  kind: 'refund',
  status: 'COMPLETED',
  amount: 0,
  lines: [],
  ...p,
});

describe('planRefund', () => {
  it('refunds whole lines at their totals as stored', () => {
    const plan = planRefund(order(), [], {
      kind: 'refund',
      lines: [{ productId: 'a' }, { productId: 'c' }],
      reason: 'damaged',
    });
    expect(plan).toEqual({
      ok: true,
      amount: { amount: 2600, currency: 'EUR' },
      lines: [lines[0], lines[2]],
    });
  });

  it('refunds an amount, up to what is left after earlier refunds (failed ones do not count)', () => {
    const earlier = [
      past({ amount: 2000, lines: [{ productId: 'a' }] }),
      past({ status: 'FAILED', amount: 1000 }),
    ];
    expect(
      planRefund(order('DELIVERED'), earlier, {
        kind: 'refund',
        amount: { amount: 1150, currency: 'EUR' },
        reason: 'x',
      }),
    ).toEqual({ ok: true, amount: { amount: 1150, currency: 'EUR' }, lines: [] });
    const over = planRefund(order(), earlier, {
      kind: 'refund',
      amount: { amount: 1151, currency: 'EUR' },
      reason: 'x',
    });
    expect(over).toEqual({
      ok: false,
      refused: '€11.51 is more than the €11.50 left to refund on this order',
    });
  });

  it('never refunds a line twice, nor a line whose money an amount refund already took', () => {
    const once = [past({ amount: 550, lines: [{ productId: 'b' }] })];
    expect(planRefund(order(), once, { kind: 'refund', lines: [{ productId: 'b' }], reason: 'x' })).toEqual({
      ok: false,
      refused: 'The line B was refunded or returned already',
    });
    const most = [past({ amount: 3000 })];
    expect(
      planRefund(order(), most, { kind: 'refund', lines: [{ productId: 'b' }], reason: 'x' }),
    ).toMatchObject({
      ok: false,
    });
    // A request still under way counts: two concurrent refunds cannot both take the line.
    const open = [past({ status: 'REQUESTED', amount: 550, lines: [{ productId: 'b' }] })];
    expect(
      planRefund(order(), open, { kind: 'return', lines: [{ productId: 'b' }], reason: 'x' }),
    ).toMatchObject({
      ok: false,
    });
  });

  it('names the field at fault: a line the order does not have, another currency', () => {
    expect(
      planRefund(order(), [], {
        kind: 'refund',
        lines: [{ productId: 'a' }, { productId: 'z' }],
        reason: 'x',
      }),
    ).toEqual({
      ok: false,
      errors: [{ path: 'lines[1].productId', message: 'is not a line of this order' }],
    });
    expect(
      planRefund(order(), [], { kind: 'refund', amount: { amount: 1, currency: 'USD' }, reason: 'x' }),
    ).toEqual({
      ok: false,
      errors: [{ path: 'amount.currency', message: "must be EUR, the order's currency" }],
    });
  });

  it('refunds only paid orders that are not cancelled, and takes goods back only once delivered', () => {
    const refund = {
      kind: 'refund' as const,
      amount: { amount: 100, currency: 'EUR' as const },
      reason: 'x',
    };
    expect(planRefund(order('CANCELLED'), [], refund)).toEqual({
      ok: false,
      refused: 'An order that is CANCELLED cannot be refunded',
    });
    expect(planRefund(order('PENDING'), [], refund)).toMatchObject({ ok: false });
    expect(planRefund(order('SHIPPED'), [], refund)).toMatchObject({ ok: true });
    const back = { kind: 'return' as const, lines: [{ productId: 'a' }], reason: 'x' };
    expect(planRefund(order('SHIPPED'), [], back)).toEqual({
      ok: false,
      refused: 'Goods come back only from a delivered order; this one is SHIPPED',
    });
    expect(planRefund(order('DELIVERED'), [], back)).toMatchObject({ ok: true, amount: { amount: 2000 } });
  });
});

describe('refundNote', () => {
  it('says what was paid back, for which lines, and why; or why it failed', () => {
    const amount = { amount: 2600, currency: 'EUR' as const };
    expect(refundNote({ kind: 'refund', amount, lines: [lines[0]!, lines[2]!], reason: 'damaged' })).toBe(
      'Refunded €26.00 (A ×2, C ×3): damaged',
    );
    expect(refundNote({ kind: 'refund', amount, lines: [], reason: 'goodwill' })).toBe(
      'Refunded €26.00: goodwill',
    );
    expect(refundNote({ kind: 'return', amount, lines: [lines[1]!], reason: 'too small' })).toBe(
      'Returned B, refunded €26.00: too small',
    );
    expect(refundNote({ kind: 'return', amount, lines: [], reason: 'x' }, 'PayPal refused the refund')).toBe(
      'Return of €26.00 failed: PayPal refused the refund',
    );
  });
});
