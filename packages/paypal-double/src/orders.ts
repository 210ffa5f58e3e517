import { Router, type Request } from 'express';
import { z } from 'zod';
import { paypalError } from './errors';
import { idempotent } from './idempotency';
import {
  fromMinor,
  now,
  paypalId,
  toMinor,
  type Capture,
  type DoubleState,
  type Order,
  type OrderAmount,
  type Refund,
} from './state';

const Value = z.object({
  currency_code: z.enum(['EUR', 'USD', 'GBP']),
  value: z.string().regex(/^\d{1,10}(\.\d{2})?$/, 'must be a decimal with two places'),
});
/** An order's amount, optionally with its breakdown (the double reads goods, shipping and tax). */
const Amount = Value.extend({
  breakdown: z
    .object({ item_total: Value, shipping: Value.optional(), tax_total: Value.optional() })
    .optional(),
});

/**
 * Like PayPal: a breakdown must be in the amount's currency and add up to its value
 * (422 AMOUNT_MISMATCH otherwise); null when it does.
 */
function breakdownMismatch(amount: OrderAmount): string | null {
  const parts = amount.breakdown
    ? [amount.breakdown.item_total, amount.breakdown.shipping, amount.breakdown.tax_total]
    : [];
  const present = parts.filter((p) => p !== undefined);
  if (present.some((p) => p.currency_code !== amount.currency_code))
    return 'The breakdown must be in the currency of the amount.';
  if (!amount.breakdown) return null;
  const sum = present.reduce((total, p) => total + toMinor(p.value), 0);
  return sum === toMinor(amount.value)
    ? null
    : 'Should equal item_total + tax_total + shipping + handling + insurance - shipping_discount - discount.';
}
const ExperienceContext = z.object({ return_url: z.url().optional(), cancel_url: z.url().optional() });
const CreateOrder = z.object({
  intent: z.literal('CAPTURE'),
  purchase_units: z
    .array(
      z.object({
        reference_id: z.string().max(256).optional(),
        custom_id: z.string().max(127).optional(),
        description: z.string().max(127).optional(),
        amount: Amount,
      }),
    )
    .length(1, 'the double supports exactly one purchase unit'),
  // The older place for the redirect URLs, and the newer one; the double reads both.
  application_context: ExperienceContext.optional(),
  payment_source: z
    .object({ paypal: z.object({ experience_context: ExperienceContext.optional() }) })
    .optional(),
});

/** Where links point: the address the caller used to reach the double. */
export const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host')}`;

export function orderBody(order: Order, state: DoubleState, base: string) {
  const capture = order.captureId ? state.captures.get(order.captureId) : undefined;
  const links = [
    { href: `${base}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' },
    ...(order.status === 'CREATED'
      ? [{ href: `${base}/checkoutnow?token=${order.id}`, rel: 'approve', method: 'GET' }]
      : []),
    ...(order.status !== 'COMPLETED'
      ? [{ href: `${base}/v2/checkout/orders/${order.id}/capture`, rel: 'capture', method: 'POST' }]
      : []),
  ];
  return {
    id: order.id,
    intent: 'CAPTURE',
    status: order.status,
    purchase_units: [
      {
        ...order.purchaseUnit,
        ...(capture ? { payments: paymentsOf(capture, state, base) } : {}),
      },
    ],
    ...(order.payer ? { payer: order.payer } : {}),
    create_time: order.createTime,
    update_time: order.updateTime,
    links,
  };
}

/** An order's payments as PayPal lists them: its capture, and the capture's refunds (oldest first). */
function paymentsOf(capture: Capture, state: DoubleState, base: string) {
  const refunds = [...state.refunds.values()].filter((r) => r.captureId === capture.id);
  return {
    captures: [captureBody(capture, base)],
    ...(refunds.length > 0 ? { refunds: refunds.map((r) => refundBody(r, base)) } : {}),
  };
}

/** A refund as PayPal shows it; `total_refunded_amount`: all refunded of its capture up to it. */
export const refundBody = (refund: Refund, base: string) => ({
  id: refund.id,
  status: refund.status,
  amount: refund.amount,
  ...(refund.noteToPayer ? { note_to_payer: refund.noteToPayer } : {}),
  seller_payable_breakdown: {
    gross_amount: refund.amount,
    total_refunded_amount: {
      currency_code: refund.amount.currency_code,
      value: fromMinor(refund.totalRefundedMinor),
    },
  },
  create_time: refund.createTime,
  update_time: refund.createTime,
  links: [
    { href: `${base}/v2/payments/refunds/${refund.id}`, rel: 'self', method: 'GET' },
    { href: `${base}/v2/payments/captures/${refund.captureId}`, rel: 'up', method: 'GET' },
  ],
});

export function captureBody(capture: Capture, base: string) {
  return {
    id: capture.id,
    status: capture.status,
    amount: capture.amount,
    final_capture: true,
    seller_protection: { status: 'ELIGIBLE' },
    supplementary_data: { related_ids: { order_id: capture.orderId } },
    create_time: capture.createTime,
    update_time: capture.updateTime,
    links: [
      { href: `${base}/v2/payments/captures/${capture.id}`, rel: 'self', method: 'GET' },
      { href: `${base}/v2/payments/captures/${capture.id}/refund`, rel: 'refund', method: 'POST' },
      { href: `${base}/v2/checkout/orders/${capture.orderId}`, rel: 'up', method: 'GET' },
    ],
  };
}

const notFound = (what: string, id: string) => ({
  status: 404,
  body: paypalError('RESOURCE_NOT_FOUND', [
    { issue: 'INVALID_RESOURCE_ID', description: `Specified resource ID ${id} (${what}) does not exist.` },
  ]),
});

const unprocessable = (issue: string, description: string) => ({
  status: 422,
  body: paypalError('UNPROCESSABLE_ENTITY', [{ issue, description }]),
});

/** A JSON Patch operation as PayPal takes it on an order (`PATCH /v2/checkout/orders/{id}`). */
const PatchOperations = z
  .array(
    z.object({
      op: z.enum(['add', 'replace', 'remove']),
      path: z.string(),
      value: z.unknown().optional(),
    }),
  )
  .min(1);
/** The one patch the double honours: the purchase unit's amount, as `replace`. */
const AMOUNT_PATH = /^\/purchase_units\/@reference_id=='([^']*)'\/amount$/;

/** /v2/checkout/orders: create, read, update (the amount) and capture orders (intent CAPTURE). */
export function orderRoutes(state: DoubleState): Router {
  const router = Router();

  router.post('/v2/checkout/orders', (req, res) => {
    idempotent(state, req, res, () => {
      const parsed = CreateOrder.safeParse(req.body);
      if (!parsed.success) {
        return {
          status: 400,
          body: paypalError(
            'INVALID_REQUEST',
            parsed.error.issues.map((issue) => ({
              field: `/${issue.path.join('/')}`,
              location: 'body',
              issue: 'INVALID_PARAMETER_VALUE',
              description: issue.message,
            })),
          ),
        };
      }
      const { purchase_units, application_context, payment_source } = parsed.data;
      const context = payment_source?.paypal.experience_context ?? application_context;
      const unit = purchase_units[0]!;
      const mismatch = breakdownMismatch(unit.amount);
      if (mismatch) return unprocessable('AMOUNT_MISMATCH', mismatch);
      const created = now();
      const order: Order = {
        id: paypalId(),
        status: 'CREATED',
        purchaseUnit: { ...unit, reference_id: unit.reference_id ?? 'default' },
        returnUrl: context?.return_url,
        cancelUrl: context?.cancel_url,
        declinesAtCapture: false,
        createTime: created,
        updateTime: created,
      };
      state.orders.set(order.id, order);
      return { status: 201, body: orderBody(order, state, baseUrlOf(req)) };
    });
  });

  router.get('/v2/checkout/orders/:id', (req, res) => {
    const order = state.orders.get(req.params.id);
    const answer = order
      ? { status: 200, body: orderBody(order, state, baseUrlOf(req)) }
      : notFound('order', req.params.id);
    res.status(answer.status).json(answer.body);
  });

  /**
   * Like PayPal: an order may be updated while it is CREATED or APPROVED (the approval stands),
   * never once COMPLETED; the capture then takes the new amount. 204 without a body.
   */
  router.patch('/v2/checkout/orders/:id', (req, res) => {
    const order = state.orders.get(req.params.id);
    const invalid = (description: string) => ({
      status: 400,
      body: paypalError('INVALID_REQUEST', [
        { field: '/', location: 'body', issue: 'INVALID_PARAMETER_VALUE', description },
      ]),
    });
    const answer = ((): { status: number; body?: unknown } => {
      if (!order) return notFound('order', req.params.id);
      const parsed = PatchOperations.safeParse(req.body);
      if (!parsed.success) return invalid('the body must be an array of patch operations');
      if (order.status === 'COMPLETED') {
        return unprocessable(
          'ORDER_COMPLETED_OR_VOIDED',
          'Order is voided or completed and hence cannot be processed.',
        );
      }
      const amounts = [];
      for (const operation of parsed.data) {
        const path = AMOUNT_PATH.exec(operation.path);
        if (operation.op !== 'replace' || !path || path[1] !== order.purchaseUnit.reference_id)
          return invalid(`the double only replaces the purchase unit's amount, not ${operation.path}`);
        const amount = Amount.safeParse(operation.value);
        if (!amount.success) return invalid('the amount must be {currency_code, value}');
        if (amount.data.currency_code !== order.purchaseUnit.amount.currency_code)
          return unprocessable('PAYEE_CURRENCY_NOT_SUPPORTED', 'The currency of an order cannot change.');
        const mismatch = breakdownMismatch(amount.data);
        if (mismatch) return unprocessable('AMOUNT_MISMATCH', mismatch);
        amounts.push(amount.data);
      }
      Object.assign(order.purchaseUnit, { amount: amounts.at(-1) });
      order.updateTime = now();
      return { status: 204 };
    })();
    if (answer.body === undefined) res.status(answer.status).end();
    else res.status(answer.status).json(answer.body);
  });

  router.post('/v2/checkout/orders/:id/capture', (req, res) => {
    idempotent(state, req, res, () => {
      const order = state.orders.get(req.params.id);
      if (!order) return notFound('order', req.params.id);
      if (order.status === 'COMPLETED') {
        return unprocessable(
          'ORDER_ALREADY_CAPTURED',
          'Order already captured. If intent=CAPTURE only one capture per order is allowed.',
        );
      }
      if (order.status !== 'APPROVED') {
        return unprocessable('ORDER_NOT_APPROVED', 'Payer has not yet approved the Order for payment.');
      }
      if (order.declinesAtCapture) {
        return unprocessable(
          'INSTRUMENT_DECLINED',
          "The instrument presented was either declined by the processor or bank, or it can't be used for this payment.",
        );
      }
      const at = now();
      const capture: Capture = {
        id: paypalId(),
        orderId: order.id,
        status: 'COMPLETED',
        // A capture's amount is the value alone, without the order's breakdown.
        amount: {
          currency_code: order.purchaseUnit.amount.currency_code,
          value: order.purchaseUnit.amount.value,
        },
        refundedMinor: 0,
        createTime: at,
        updateTime: at,
      };
      state.captures.set(capture.id, capture);
      Object.assign(order, { status: 'COMPLETED', captureId: capture.id, updateTime: at });
      return { status: 201, body: orderBody(order, state, baseUrlOf(req)) };
    });
  });

  return router;
}
