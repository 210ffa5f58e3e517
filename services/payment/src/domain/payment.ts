import type { AmountBreakdown, Currency, Money, PaymentStatus } from '@sidecart/contracts';

/**
 * Which status may follow which. A payment waits for approval (CREATED), then either
 * the money is taken (CAPTURED) or it is not (FAILED, or CANCELLED when the order went
 * away first). Only a capture can be refunded. Everything else is final.
 */
const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  CREATED: ['CAPTURED', 'FAILED', 'CANCELLED'],
  CAPTURED: ['REFUNDED'],
  FAILED: [],
  CANCELLED: [],
  REFUNDED: [],
};

export const canTransition = (from: PaymentStatus, to: PaymentStatus): boolean => NEXT[from].includes(to);

export const isFinal = (status: PaymentStatus): boolean => NEXT[status].length === 0;

/** What a capture request does, given where the payment stands. */
export type CaptureDecision = 'capture' | 'already-captured' | 'already-failed' | 'not-capturable';

export function captureDecision(status: PaymentStatus): CaptureDecision {
  switch (status) {
    case 'CREATED':
      return 'capture';
    case 'CAPTURED':
    case 'REFUNDED':
      // A repeated capture answers with the first result; it never captures again.
      return 'already-captured';
    case 'FAILED':
      return 'already-failed';
    case 'CANCELLED':
      return 'not-capturable';
  }
}

/** PayPal orders a payment may open in all (the first and its retries): a decline loop ends here. */
export const MAX_PAYMENT_ATTEMPTS = 5;

/** What a shopper's "retry payment" does, given where the payment stands. */
export type RetryDecision = 'reopen' | 'already-open' | 'too-many' | 'not-retryable';

export function retryDecision(status: PaymentStatus, attempt: number): RetryDecision {
  switch (status) {
    case 'FAILED':
      // A declined payment opens a new PayPal order; the declined one is never captured.
      return attempt < MAX_PAYMENT_ATTEMPTS ? 'reopen' : 'too-many';
    case 'CREATED':
      // Still waiting for approval (an abandoned approval, or a retry clicked twice): its link still works.
      return 'already-open';
    default:
      return 'not-retryable';
  }
}

/** What cancelling the order means for its payment (compensation). */
export type CompensationDecision = 'refund' | 'cancel' | 'already-refunded' | 'nothing';

export function compensationDecision(status: PaymentStatus | undefined): CompensationDecision {
  switch (status) {
    case 'CAPTURED':
      return 'refund';
    case 'CREATED':
      // Not approved or not captured yet: nothing was taken, close it so it can't be captured later.
      return 'cancel';
    case 'REFUNDED':
      return 'already-refunded';
    default:
      return 'nothing';
  }
}

/** Decimal places of each currency's minor unit (ISO 4217). */
const EXPONENT: Record<Currency, number> = { EUR: 2, USD: 2, GBP: 2 };

/** Money → PayPal's decimal string: 1999 EUR → "19.99". Integer arithmetic, no floats. */
export function toPayPalValue(money: Money): string {
  const exponent = EXPONENT[money.currency];
  const digits = String(money.amount).padStart(exponent + 1, '0');
  return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * A PayPal `amount`: the value, and with a breakdown (goods, shipping, tax in minor units of the
 * same currency) PayPal's `breakdown` of `item_total`, `shipping` and `tax_total`.
 */
export function toPayPalAmount(money: Money, breakdown?: AmountBreakdown | null) {
  const value = (amount: number) => ({
    currency_code: money.currency,
    value: toPayPalValue({ ...money, amount }),
  });
  return {
    ...value(money.amount),
    ...(breakdown
      ? {
          breakdown: {
            item_total: value(breakdown.itemTotal),
            shipping: value(breakdown.shipping),
            tax_total: value(breakdown.taxTotal),
          },
        }
      : {}),
  };
}

/** PayPal's decimal string → Money: "19.99" EUR → 1999. Rejects more places than the currency has. */
export function fromPayPalValue(value: string, currency: Currency): Money {
  const exponent = EXPONENT[currency];
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match || (match[2]?.length ?? 0) > exponent) {
    throw new Error(`"${value}" is not an amount in ${currency}`);
  }
  const fraction = (match[2] ?? '').padEnd(exponent, '0');
  return { amount: Number(`${match[1]}${fraction}`), currency };
}

/** What replaces a refund's reason once its customer is erased: a shopper may have written it. */
export const ERASED_REASON = 'order cancelled (reason erased with the account)';
