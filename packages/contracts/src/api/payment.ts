import { z } from 'zod';
import { Currency, EntityId, Money } from '../common';

/**
 * CREATED: a PayPal order exists and waits for the shopper's approval.
 * CAPTURED: the money is taken (at most one capture per order).
 * FAILED: the capture was declined. CANCELLED: the order was cancelled before any capture.
 * REFUNDED: the capture was paid back (compensation).
 */
export const PaymentStatus = z.enum(['CREATED', 'CAPTURED', 'FAILED', 'CANCELLED', 'REFUNDED']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

const WebUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);

const MinorUnits = z.number().int().min(0).max(1_000_000_000);

/**
 * How the amount splits, as PayPal's `amount.breakdown` shows it to the payer: the goods without
 * tax, shipping without tax, and the tax (minor units of the payment's currency). The three add
 * up to the amount.
 */
export const AmountBreakdown = z.strictObject({
  itemTotal: MinorUnits,
  shipping: MinorUnits,
  taxTotal: MinorUnits,
});
export type AmountBreakdown = z.infer<typeof AmountBreakdown>;

const PaymentAmount = z.strictObject({
  amount: z.number().int().min(1, 'must be at least 1 minor unit').max(1_000_000_000),
  currency: Currency,
});

const addsUp = (input: { amount: { amount: number }; breakdown?: AmountBreakdown | undefined }) =>
  !input.breakdown ||
  input.breakdown.itemTotal + input.breakdown.shipping + input.breakdown.taxTotal === input.amount.amount;
const ADDS_UP = { message: 'must add up to the amount', path: ['breakdown'] };

/** Called by the order service once stock is reserved; idempotent per orderId. */
export const CreatePayment = z
  .strictObject({
    orderId: z.uuid(),
    customerId: EntityId,
    amount: PaymentAmount,
    breakdown: AmountBreakdown.optional(),
    /** Where PayPal sends the shopper after approving, and after cancelling. */
    returnUrl: WebUrl,
    cancelUrl: WebUrl,
  })
  .refine(addsUp, ADDS_UP);
export type CreatePayment = z.infer<typeof CreatePayment>;

/**
 * The order service's change of an order's amount before capture (docs/architecture.md,
 * "Changing an order"), in three steps per revision of the order, each safe to repeat:
 * `hold` keeps the payment from being captured while the stock is re-reserved (409 once it is
 * captured, being captured or closed), `apply` sets the PayPal order's amount and lets the
 * capture go on, `release` lets it go on unchanged (the change was refused).
 */
export const AmendPayment = z
  .strictObject({
    orderId: z.uuid(),
    revision: z.number().int().min(1),
    action: z.enum(['hold', 'apply', 'release']),
    amount: PaymentAmount,
    breakdown: AmountBreakdown.optional(),
  })
  .refine(addsUp, ADDS_UP);
export type AmendPayment = z.infer<typeof AmendPayment>;

export const PaymentOrderParams = z.strictObject({ orderId: z.uuid() });

export const RefundPayment = z.strictObject({ reason: z.string().trim().min(1).max(200) });
export type RefundPayment = z.infer<typeof RefundPayment>;

/**
 * The order service's refund of part of a captured payment (an admin's refund or a return),
 * `POST /payments/refunds`. `key` names the refund: a repeat with it refunds nothing more and
 * answers the first refund (PayPal sees the same request id). Never more than the capture has left.
 */
export const RefundPart = z.strictObject({
  orderId: z.uuid(),
  key: z.uuid(),
  amount: CreatePayment.shape.amount,
  reason: z.string().trim().min(1).max(200),
});
export type RefundPart = z.infer<typeof RefundPart>;

/** One refund of a capture as PayPal made it. */
export const PaymentRefund = z.object({
  id: z.uuid(),
  key: z.string(),
  providerRefundId: z.string(),
  amount: Money,
  refundedAt: z.string(),
});
export type PaymentRefund = z.infer<typeof PaymentRefund>;

export const Payment = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  customerId: z.string(),
  amount: Money,
  status: PaymentStatus,
  provider: z.literal('paypal'),
  providerOrderId: z.string(),
  /** The page the shopper approves the payment on (null once it no longer waits for approval). */
  approveUrl: z.string().nullable(),
  capture: z
    .object({ id: z.uuid(), providerCaptureId: z.string(), amount: Money, capturedAt: z.string() })
    .nullable(),
  refund: z
    .object({
      id: z.uuid(),
      providerRefundId: z.string(),
      amount: Money,
      reason: z.string(),
      refundedAt: z.string(),
    })
    .nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Payment = z.infer<typeof Payment>;

/** The headers PayPal signs a webhook delivery with; all are needed to verify it. */
export const PayPalWebhookHeaders = z.object({
  'paypal-auth-algo': z.string().min(1).max(100),
  'paypal-cert-url': z.string().min(1).max(2048),
  'paypal-transmission-id': z.string().min(1).max(100),
  'paypal-transmission-sig': z.string().min(1).max(4096),
  'paypal-transmission-time': z.string().min(1).max(100),
});

/** The parts of a PayPal webhook event Sidecart reads; the rest is kept for verification. */
export const PayPalWebhookEvent = z.looseObject({
  id: z.string().min(1).max(100),
  event_type: z.string().min(1).max(100),
  resource: z.looseObject({}),
});
export type PayPalWebhookEvent = z.infer<typeof PayPalWebhookEvent>;

/** The answer to a PayPal webhook delivery: acted on (`handled`) or acknowledged only (`ignored`). */
export const PayPalWebhookReceipt = z.object({
  received: z.literal(true),
  outcome: z.enum(['handled', 'ignored']),
});
export type PayPalWebhookReceipt = z.infer<typeof PayPalWebhookReceipt>;
