import { Router } from 'express';
import { z } from 'zod';
import { paypalError } from './errors';
import { requireBearer } from './auth';
import { idempotent } from './idempotency';
import { baseUrlOf, captureBody, refundBody } from './orders';
import { fromMinor, now, paypalId, toMinor, type DoubleState, type Refund } from './state';

const RefundRequest = z
  .object({
    amount: z
      .object({ currency_code: z.string(), value: z.string().regex(/^\d{1,10}(\.\d{2})?$/) })
      .optional(),
    note_to_payer: z.string().max(255).optional(),
    invoice_id: z.string().max(127).optional(),
  })
  .optional();

const missing = (id: string) =>
  paypalError('RESOURCE_NOT_FOUND', [
    { issue: 'INVALID_RESOURCE_ID', description: `Specified resource ID ${id} does not exist.` },
  ]);

/** /v2/payments: captures and their refunds (full or partial). */
export function paymentRoutes(state: DoubleState): Router {
  const router = Router();

  // Not PayPal's API: how many refund requests a capture received (DoubleState.refundRequests).
  router.get('/v1/double/captures/:id/refund-requests', requireBearer(state), (req, res) => {
    const captureId = String(req.params.id);
    res.json({ captureId, requests: state.refundRequests.get(captureId) ?? 0 });
  });

  router.get('/v2/payments/captures/:id', (req, res) => {
    const capture = state.captures.get(req.params.id);
    if (!capture) return void res.status(404).json(missing(req.params.id));
    res.json(captureBody(capture, baseUrlOf(req)));
  });

  router.get('/v2/payments/refunds/:id', (req, res) => {
    const refund = state.refunds.get(req.params.id);
    if (!refund) return void res.status(404).json(missing(req.params.id));
    res.json(refundBody(refund, baseUrlOf(req)));
  });

  router.post('/v2/payments/captures/:id/refund', (req, res) => {
    state.refundRequests.set(req.params.id, (state.refundRequests.get(req.params.id) ?? 0) + 1);
    idempotent(state, req, res, () => {
      const capture = state.captures.get(req.params.id);
      if (!capture) return { status: 404, body: missing(req.params.id) };
      const parsed = RefundRequest.safeParse(req.body && Object.keys(req.body).length ? req.body : undefined);
      if (!parsed.success) {
        return {
          status: 400,
          body: paypalError('INVALID_REQUEST', [
            { issue: 'INVALID_PARAMETER_VALUE', description: parsed.error.message },
          ]),
        };
      }
      const remaining = toMinor(capture.amount.value) - capture.refundedMinor;
      if (remaining <= 0) {
        return {
          status: 422,
          body: paypalError('UNPROCESSABLE_ENTITY', [
            { issue: 'CAPTURE_FULLY_REFUNDED', description: 'The capture has already been fully refunded' },
          ]),
        };
      }
      const requested = parsed.data?.amount;
      if (requested && requested.currency_code !== capture.amount.currency_code) {
        return {
          status: 422,
          body: paypalError('UNPROCESSABLE_ENTITY', [
            {
              issue: 'REFUND_CURRENCY_MISMATCH',
              description: 'Refund must be in the currency of the capture',
            },
          ]),
        };
      }
      const minor = requested ? toMinor(requested.value) : remaining;
      if (minor > remaining) {
        return {
          status: 422,
          body: paypalError('UNPROCESSABLE_ENTITY', [
            {
              issue: 'REFUND_AMOUNT_EXCEEDED',
              description:
                'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
            },
          ]),
        };
      }
      const refund: Refund = {
        id: paypalId(),
        captureId: capture.id,
        status: 'COMPLETED',
        amount: { currency_code: capture.amount.currency_code, value: fromMinor(minor) },
        noteToPayer: parsed.data?.note_to_payer,
        totalRefundedMinor: capture.refundedMinor + minor,
        createTime: now(),
      };
      state.refunds.set(refund.id, refund);
      capture.refundedMinor += minor;
      capture.status =
        capture.refundedMinor >= toMinor(capture.amount.value) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      capture.updateTime = refund.createTime;
      return { status: 201, body: refundBody(refund, baseUrlOf(req)) };
    });
  });

  return router;
}
