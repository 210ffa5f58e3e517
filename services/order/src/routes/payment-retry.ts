import type {} from 'pino-http'; // types req.log
import { Router } from 'express';
import { Uuid } from '@sidecart/contracts';
import { assertOwner, notFound, propagatedHeaders, Refused, requireIdentity } from '@sidecart/service-kit';
import type { Payments } from '../clients/payments';
import type { OrderStore } from '../store/orders';

/**
 * "Retry payment" from the order page: while the order still holds its stock (STOCK_RESERVED:
 * the payment was declined or the shopper left PayPal), the payment service opens a new PayPal
 * order for it and the order shows the new approval link, with a whole approval window for it.
 * Kept apart from the saga: the order's state does not change, and the approval timeout with the
 * payment service's limit of attempts bounds how long the stock is held.
 */
export function paymentRetryRoutes(orders: OrderStore, payments: Payments): Router {
  const router = Router();

  router.post('/:id/payment/retry', async (req, res) => {
    const identity = requireIdentity(req);
    const id = req.params.id;
    const order = Uuid.safeParse(id).success ? await orders.get(id) : null;
    if (!order) throw notFound('Order');
    assertOwner(identity, order.customerId, 'Order');
    if (order.status !== 'STOCK_RESERVED' || !order.payment.paymentId)
      throw new Refused('conflict', `An order that is ${order.status} has no payment to retry`);
    const payment = await payments.retry(order.id, propagatedHeaders(req));
    if (payment.approveUrl) await orders.replaceApproveUrl(order.id, payment.id, payment.approveUrl);
    req.log.info({ orderId: order.id, paymentId: payment.id, status: payment.status }, 'payment retried');
    res.json(await orders.get(order.id));
  });

  return router;
}
