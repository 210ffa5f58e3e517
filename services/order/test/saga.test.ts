import { canMove, orderTotal, ORDER_STATUSES, type OrderStatus } from '../src/domain/order';
import { decide, type SagaInput } from '../src/domain/saga';

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

describe('orderTotal', () => {
  const line = (amount: number, quantity: number, currency: 'EUR' | 'USD' = 'EUR') => ({
    productId: 'p',
    sku: 's',
    name: 'n',
    quantity,
    unitPrice: { amount, currency },
  });

  it('adds integer minor units exactly', () => {
    expect(orderTotal([line(1999, 3), line(1, 1)], 'EUR')).toEqual({ amount: 5998, currency: 'EUR' });
  });

  it('refuses to mix currencies', () => {
    expect(() => orderTotal([line(100, 1), line(100, 1, 'USD')], 'EUR')).toThrow(/USD/);
  });
});
