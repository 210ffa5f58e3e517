import { randomBytes } from 'node:crypto';

/** Amounts as PayPal writes them: a decimal string and an ISO currency code. */
export type PayPalAmount = { currency_code: string; value: string };

/** An order's amount may say how it splits (PayPal's `amount.breakdown`); the double keeps these three. */
export type OrderAmount = PayPalAmount & {
  breakdown?: { item_total: PayPalAmount; shipping?: PayPalAmount; tax_total?: PayPalAmount };
};

export type OrderStatus = 'CREATED' | 'APPROVED' | 'COMPLETED';

export type Payer = {
  payer_id: string;
  email_address: string;
  name: { given_name: string; surname: string };
};

export type Capture = {
  id: string;
  orderId: string;
  status: 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';
  amount: PayPalAmount;
  refundedMinor: number;
  createTime: string;
  updateTime: string;
};

export type Refund = {
  id: string;
  captureId: string;
  status: 'COMPLETED';
  amount: PayPalAmount;
  noteToPayer?: string;
  /** What the capture had refunded in all once this refund was made. */
  totalRefundedMinor: number;
  createTime: string;
};

export type Order = {
  id: string;
  status: OrderStatus;
  purchaseUnit: { reference_id: string; custom_id?: string; description?: string; amount: OrderAmount };
  returnUrl?: string;
  cancelUrl?: string;
  payer?: Payer;
  /** Approved with a funding instrument that the "bank" will refuse at capture. */
  declinesAtCapture: boolean;
  captureId?: string;
  createTime: string;
  updateTime: string;
};

/** A stored answer, replayed for a repeated `PayPal-Request-Id` as the real API does. */
export type StoredResponse = { status: number; body: unknown };

/**
 * Everything the double knows, in memory: it stands in for a third party, so a restart
 * forgetting its orders is acceptable (as a wiped sandbox would be).
 */
export class DoubleState {
  readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  readonly orders = new Map<string, Order>();
  readonly captures = new Map<string, Capture>();
  readonly refunds = new Map<string, Refund>();
  readonly idempotent = new Map<string, StoredResponse>();
  /**
   * Refund requests received per capture id, answered or refused, repeats with a known
   * PayPal-Request-Id included: what a test counts to see that a duplicate never reached PayPal
   * (no key of the shop's or of PayPal's caps this number).
   */
  readonly refundRequests = new Map<string, number>();
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** PayPal-looking ids: 17 upper-case letters and digits (orders, captures, refunds). */
export function paypalId(length = 17): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Decimal string → minor units, for the currencies the double accepts (two decimals). */
export const toMinor = (value: string) => Math.round(Number(value) * 100);
export const fromMinor = (minor: number) => (minor / 100).toFixed(2);
