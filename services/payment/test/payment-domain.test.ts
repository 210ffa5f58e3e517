import {
  canTransition,
  captureDecision,
  compensationDecision,
  fromPayPalValue,
  isFinal,
  MAX_PAYMENT_ATTEMPTS,
  retryDecision,
  toPayPalValue,
} from '../src/domain/payment';

describe('payment status transitions', () => {
  it('lets a waiting payment be captured, fail or be cancelled', () => {
    expect(canTransition('CREATED', 'CAPTURED')).toBe(true);
    expect(canTransition('CREATED', 'FAILED')).toBe(true);
    expect(canTransition('CREATED', 'CANCELLED')).toBe(true);
    expect(canTransition('CREATED', 'REFUNDED')).toBe(false);
  });

  it('refunds only a captured payment, and never captures twice', () => {
    expect(canTransition('CAPTURED', 'REFUNDED')).toBe(true);
    expect(canTransition('CAPTURED', 'CAPTURED')).toBe(false);
    expect(canTransition('FAILED', 'REFUNDED')).toBe(false);
    expect(canTransition('CANCELLED', 'CAPTURED')).toBe(false);
  });

  it('treats failed, cancelled and refunded as final', () => {
    expect(['FAILED', 'CANCELLED', 'REFUNDED'].every((s) => isFinal(s as never))).toBe(true);
    expect(isFinal('CREATED')).toBe(false);
    expect(isFinal('CAPTURED')).toBe(false);
  });
});

describe('capture decision', () => {
  it('captures only a waiting payment and replays the result otherwise', () => {
    expect(captureDecision('CREATED')).toBe('capture');
    expect(captureDecision('CAPTURED')).toBe('already-captured');
    expect(captureDecision('REFUNDED')).toBe('already-captured');
    expect(captureDecision('FAILED')).toBe('already-failed');
    expect(captureDecision('CANCELLED')).toBe('not-capturable');
  });
});

describe('compensation when the order is cancelled', () => {
  it('refunds a capture, cancels a waiting payment, and does nothing twice', () => {
    expect(compensationDecision('CAPTURED')).toBe('refund');
    expect(compensationDecision('CREATED')).toBe('cancel');
    expect(compensationDecision('REFUNDED')).toBe('already-refunded');
    expect(compensationDecision('FAILED')).toBe('nothing');
    expect(compensationDecision(undefined)).toBe('nothing');
  });
});

describe('money ↔ PayPal decimal strings', () => {
  it('writes minor units as a two-place decimal', () => {
    expect(toPayPalValue({ amount: 1999, currency: 'EUR' })).toBe('19.99');
    expect(toPayPalValue({ amount: 5, currency: 'USD' })).toBe('0.05');
    expect(toPayPalValue({ amount: 100000, currency: 'GBP' })).toBe('1000.00');
  });

  it('reads decimals back without float rounding', () => {
    expect(fromPayPalValue('19.99', 'EUR')).toEqual({ amount: 1999, currency: 'EUR' });
    expect(fromPayPalValue('0.29', 'EUR')).toEqual({ amount: 29, currency: 'EUR' });
    expect(fromPayPalValue('12', 'USD')).toEqual({ amount: 1200, currency: 'USD' });
    expect(fromPayPalValue('1.5', 'GBP')).toEqual({ amount: 150, currency: 'GBP' });
  });

  it('rejects values that are not amounts of the currency', () => {
    expect(() => fromPayPalValue('1.999', 'EUR')).toThrow();
    expect(() => fromPayPalValue('-1.00', 'EUR')).toThrow();
    expect(() => fromPayPalValue('abc', 'EUR')).toThrow();
  });

  it('round-trips every amount', () => {
    for (const amount of [1, 9, 10, 99, 100, 101, 123456789]) {
      expect(fromPayPalValue(toPayPalValue({ amount, currency: 'EUR' }), 'EUR').amount).toBe(amount);
    }
  });
});

describe('retrying a payment', () => {
  it('opens a new PayPal order for a declined payment, up to the attempt limit', () => {
    expect(retryDecision('FAILED', 1)).toBe('reopen');
    expect(retryDecision('FAILED', MAX_PAYMENT_ATTEMPTS - 1)).toBe('reopen');
    expect(retryDecision('FAILED', MAX_PAYMENT_ATTEMPTS)).toBe('too-many');
  });

  it('answers a payment still waiting for approval as it is (a double click opens nothing)', () => {
    expect(retryDecision('CREATED', 2)).toBe('already-open');
  });

  it('never retries money taken, given back or a payment closed with its order', () => {
    for (const status of ['CAPTURED', 'REFUNDED', 'CANCELLED'] as const) {
      expect(retryDecision(status, 1)).toBe('not-retryable');
    }
  });
});
