import { canMove, ORDER_STATUSES, type OrderStatus } from '../src/domain/order';
import { decide, type SagaInput } from '../src/domain/saga';

/** Shipping and tax of a change, as the saga carries them (it decides nothing by them). */
const charges = {
  shippingMethod: 'economy',
  shipping: 0,
  shippingTax: 0,
  tax: 0,
  taxCountry: 'GB',
  taxRate: 0,
  taxIncluded: true,
};

const address = { name: 'A', line1: 'B 1', city: 'Lyon', postalCode: '69001', country: 'FR' };

const after = (status: OrderStatus, input: SagaInput) =>
  decide(status, input)?.transitions.map((t) => t.status);

describe('checkout saga', () => {
  it('walks the happy path PENDING → STOCK_RESERVED → PAID → CONFIRMED → SHIPPED → DELIVERED', () => {
    expect(after('PENDING', { kind: 'stock.reserved' })).toEqual(['STOCK_RESERVED']);
    expect(decide('STOCK_RESERVED', { kind: 'payment.succeeded' })).toEqual({
      transitions: [{ status: 'PAID' }, { status: 'CONFIRMED' }],
      emit: ['order.confirmed'],
    });
    expect(decide('CONFIRMED', { kind: 'ship', trackingNumber: 'TRK1' })?.emit).toEqual(['order.shipped']);
    expect(after('SHIPPED', { kind: 'deliver' })).toEqual(['DELIVERED']);
  });

  it('cancels and announces it when stock is rejected or time runs out', () => {
    for (const [status, input] of [
      ['PENDING', { kind: 'stock.rejected', reason: 'OUT_OF_STOCK' }],
      ['PENDING', { kind: 'timeout', reason: 'no stock answer' }],
      ['STOCK_RESERVED', { kind: 'timeout', reason: 'approval timed out' }],
    ] as [OrderStatus, SagaInput][]) {
      expect(decide(status, input)).toEqual({
        transitions: [{ status: 'CANCELLED', reason: (input as { reason: string }).reason }],
        emit: ['order.cancelled'],
      });
    }
  });

  it('ignores repeated and late inputs instead of failing', () => {
    expect(decide('STOCK_RESERVED', { kind: 'stock.reserved' })).toBeNull();
    expect(decide('CONFIRMED', { kind: 'payment.succeeded' })).toBeNull();
    expect(decide('CONFIRMED', { kind: 'payment.failed', reason: 'x' })).toBeNull();
    expect(decide('DELIVERED', { kind: 'timeout', reason: 'x' })).toBeNull();
  });

  it('keeps the stock of an order whose payment was declined (the shopper may retry), noting why', () => {
    expect(decide('STOCK_RESERVED', { kind: 'payment.failed', reason: 'payment failed: DECLINED' })).toEqual({
      transitions: [],
      emit: [],
      note: 'payment failed: DECLINED',
    });
    expect(decide('PENDING', { kind: 'payment.failed', reason: 'x' })).toBeNull();
    expect(decide('CANCELLED', { kind: 'payment.failed', reason: 'x' })).toBeNull();
  });

  it('re-announces a cancellation when stock or money arrives after it, so they are given back', () => {
    expect(decide('CANCELLED', { kind: 'stock.reserved' })).toEqual({
      transitions: [],
      emit: ['order.cancelled'],
    });
    expect(decide('CANCELLED', { kind: 'payment.succeeded' })).toEqual({
      transitions: [],
      emit: ['order.cancelled'],
    });
  });

  it('lets the shopper cancel until shipping, never after', () => {
    expect(after('CONFIRMED', { kind: 'cancel', reason: 'changed my mind' })).toEqual(['CANCELLED']);
    expect(decide('SHIPPED', { kind: 'cancel', reason: 'too late' })).toBeNull();
    expect(decide('CANCELLED', { kind: 'cancel', reason: 'twice' })).toBeNull();
  });

  it('only ever proposes transitions the lifecycle allows', () => {
    const inputs: SagaInput[] = [
      { kind: 'stock.reserved' },
      { kind: 'stock.rejected', reason: 'r' },
      { kind: 'payment.succeeded' },
      { kind: 'payment.failed', reason: 'r' },
      { kind: 'payment.refunded' },
      { kind: 'timeout', reason: 'r' },
      { kind: 'cancel', reason: 'r' },
      { kind: 'ship', trackingNumber: 't' },
      { kind: 'deliver' },
      { kind: 'change-lines', change: { lines: [], total: 1, summary: 's', charges } },
      { kind: 'change-applied', revision: 1 },
      { kind: 'change-refused', revision: 1, reason: 'r' },
      { kind: 'change-address', shippingAddress: address, by: 'shopper' },
    ];
    for (const status of ORDER_STATUSES) {
      for (const input of inputs) {
        let current = status;
        for (const t of decide(status, input)?.transitions ?? []) {
          expect(canMove(current, t.status)).toBe(true);
          current = t.status;
        }
      }
    }
  });
});

describe('changing an order', () => {
  const open = { change: { revision: 2, total: 1500, summary: 'Mug 3 → 1' }, paymentOpen: true };
  const change: SagaInput = {
    kind: 'change-lines',
    change: { lines: [], total: 1500, summary: 'Mug 3 → 1', charges },
  };

  it('opens a change only before capture, once the payment is open, one at a time', () => {
    expect(decide('STOCK_RESERVED', change, { paymentOpen: true })?.change).toEqual({ kind: 'request' });
    expect(decide('STOCK_RESERVED', change, { paymentOpen: false })).toBeNull();
    expect(decide('STOCK_RESERVED', change, open)).toBeNull();
    for (const status of ['PENDING', 'CONFIRMED', 'CANCELLED', 'SHIPPED'] as OrderStatus[])
      expect(decide(status, change, { paymentOpen: true })).toBeNull();
  });

  it('applies or refuses only the open revision, and records it in the timeline', () => {
    expect(decide('STOCK_RESERVED', { kind: 'change-applied', revision: 2 }, open)).toEqual({
      transitions: [],
      emit: ['order.changed'],
      note: 'Changed: Mug 3 → 1',
      change: { kind: 'apply' },
    });
    expect(decide('STOCK_RESERVED', { kind: 'change-applied', revision: 1 }, open)).toBeNull();
    expect(decide('STOCK_RESERVED', { kind: 'change-applied', revision: 2 }, {})).toBeNull();
    expect(decide('STOCK_RESERVED', { kind: 'change-refused', revision: 2, reason: 'short' }, open)).toEqual({
      transitions: [],
      emit: [],
      note: 'Change refused: short',
      change: { kind: 'refuse', reason: 'short' },
    });
  });

  it('neither cancels nor times out an order while its change holds stock and payment', () => {
    expect(decide('STOCK_RESERVED', { kind: 'cancel', reason: 'x' }, open)).toBeNull();
    expect(decide('STOCK_RESERVED', { kind: 'timeout', reason: 'x' }, open)).toBeNull();
  });

  it('confirms a capture that lands mid-change with the change applied only at its new total', () => {
    const atNew = decide('STOCK_RESERVED', { kind: 'payment.succeeded', amount: 1500 }, open);
    expect(atNew?.transitions.map((t) => t.status)).toEqual(['PAID', 'CONFIRMED']);
    expect(atNew?.change).toEqual({ kind: 'apply' });
    expect(atNew?.emit).toEqual(['order.changed', 'order.confirmed']);
    const atOld = decide('STOCK_RESERVED', { kind: 'payment.succeeded', amount: 4500 }, open);
    expect(atOld?.emit).toEqual(['order.confirmed']);
    expect(atOld?.change?.kind).toBe('refuse');
  });

  it('changes the address until the order ships, never after', () => {
    const input = { kind: 'change-address', shippingAddress: address, by: 'admin' } as const;
    expect(decide('CONFIRMED', input)?.note).toMatch(/address changed by the shop/);
    expect(decide('PENDING', input)?.transitions).toEqual([]);
    expect(decide('SHIPPED', input)).toBeNull();
    expect(decide('CANCELLED', input)).toBeNull();
  });
});
