import type {} from 'pino-http'; // types req.log
import { Router, type Request, type Response } from 'express';
import { IdempotencyKey, RefundOrder, ReturnOrder, Uuid } from '@sidecart/contracts';
import { notFound, parseBody, problem, Refused, requireAdmin } from '@sidecart/service-kit';
import type { RefundRequest } from '../domain/refund';
import type { Refunder } from '../events/refunder';
import type { OrderStore } from '../store/orders';
import type { RefundStore } from '../store/refunds';

/**
 * An admin's refunds and returns of a paid order (docs/architecture.md, "Refunds and returns"),
 * each named by its `Idempotency-Key`: the order service decides (`planRefund`, under the order's
 * row lock), the payment service refunds through PayPal, the order records it. Answers the order:
 * 201 refunded, 200 the refund this key asked for before (finished now if it was left open), 202
 * still under way (the payment service did not answer; the sweep finishes it), 409 refused.
 */
export function refundRoutes(orders: OrderStore, refunds: RefundStore, refunder: Refunder): Router {
  const router = Router();

  const handle = async (req: Request, res: Response, read: () => RefundRequest) => {
    requireAdmin(req);
    const key = IdempotencyKey.safeParse(req.get('idempotency-key'));
    if (!key.success)
      throw problem(400, 'The Idempotency-Key header is invalid', {
        errors: [{ path: 'Idempotency-Key', message: 'must be a UUID' }],
      });
    const id = String(req.params.id);
    if (!Uuid.safeParse(id).success) throw notFound('Order');
    const asked = await refunds.request(id, key.data, read());
    if ('notFound' in asked) throw notFound('Order');
    if ('errors' in asked) throw problem(400, 'The order cannot be refunded so', { errors: asked.errors });
    if ('refused' in asked) throw new Refused('conflict', asked.refused);
    const { refund, created } = asked;
    const outcome = refund.status === 'REQUESTED' ? await refunder.run(refund) : null;
    if (outcome?.result === 'failed' || (!outcome && refund.status === 'FAILED'))
      throw new Refused(
        'conflict',
        `The refund was refused: ${outcome?.result === 'failed' ? outcome.reason : refund.failure}`,
      );
    req.log.info(
      { orderId: id, refundId: refund.id, created, outcome: outcome?.result },
      `order ${refund.kind}`,
    );
    res.status(outcome?.result === 'open' ? 202 : created ? 201 : 200).json(await orders.get(id));
  };

  router.post('/:id/refunds', (req, res) =>
    handle(req, res, () => ({ kind: 'refund', ...parseBody(RefundOrder, req) })),
  );
  router.post('/:id/returns', (req, res) =>
    handle(req, res, () => ({ kind: 'return', ...parseBody(ReturnOrder, req) })),
  );

  return router;
}
