import { deadLetterTopic, isTopic, Money, OrderPlaced, RegisterCustomer, Topics } from '../src';

describe('Money', () => {
  it('accepts integer minor units with a known currency', () => {
    expect(Money.parse({ amount: 1999, currency: 'EUR' })).toEqual({ amount: 1999, currency: 'EUR' });
  });
  it.each([
    [{ amount: 19.99, currency: 'EUR' }, 'amount'],
    [{ amount: -1, currency: 'EUR' }, 'amount'],
    [{ amount: 100, currency: 'XXX' }, 'currency'],
    [{ amount: 100, currency: 'EUR', extra: 1 }, ''],
  ])('rejects %j', (value, field) => {
    const result = Money.safeParse(value);
    expect(result.success).toBe(false);
    if (field) expect(result.error!.issues[0]!.path).toEqual([field]);
  });
});

describe('events', () => {
  it('has one schema per topic of docs/architecture.md', () => {
    expect(Object.keys(Topics).sort()).toEqual(
      [
        'customer.registered',
        'customer.deleted',
        'order.placed',
        'order.changed',
        'order.confirmed',
        'order.cancelled',
        'order.shipped',
        'order.refunded',
        'stock.reserved',
        'stock.rejected',
        'stock.released',
        'product.updated',
        'payment.succeeded',
        'payment.failed',
        'payment.refunded',
      ].sort(),
    );
    expect(isTopic('order.placed')).toBe(true);
    expect(isTopic('order.exploded')).toBe(false);
    expect(deadLetterTopic('order.placed')).toBe('order.placed.dlq');
  });

  it('requires an eventId and at least one line on order.placed', () => {
    const base = {
      eventId: '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f60',
      occurredAt: '2026-11-25T10:00:00Z',
      orderId: '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f61',
      customerId: '6b065900492b27f54e76c9d7',
      total: { amount: 500, currency: 'EUR' },
    };
    expect(OrderPlaced.safeParse({ ...base, lines: [] }).success).toBe(false);
    const line = {
      productId: '6b065900492b27f54e76c9d8',
      sku: 'MUG-1',
      quantity: 1,
      unitPrice: { amount: 500, currency: 'EUR' },
    };
    expect(OrderPlaced.safeParse({ ...base, lines: [line] }).success).toBe(true);
    expect(OrderPlaced.safeParse({ ...base, eventId: undefined, lines: [line] }).success).toBe(false);
  });
});

describe('RegisterCustomer', () => {
  it('lower-cases the email and enforces password rules', () => {
    expect(
      RegisterCustomer.parse({ email: 'Ada@Example.COM', password: 'analytical1', name: ' Ada ' }),
    ).toEqual({
      email: 'ada@example.com',
      password: 'analytical1',
      name: 'Ada',
    });
    expect(RegisterCustomer.safeParse({ email: 'a@b.co', password: 'onlyletters', name: 'A' }).success).toBe(
      false,
    );
    expect(RegisterCustomer.safeParse({ email: 'a@b.co', password: '1234567890', name: 'A' }).success).toBe(
      false,
    );
  });
});
