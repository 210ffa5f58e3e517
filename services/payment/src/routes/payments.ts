import type {} from 'pino-http'; // types req.log
import { Router } from 'express';
import {
  AmendPayment,
  CreatePayment,
  PaymentOrderParams,
  RefundPart,
  RefundPayment,
} from '@sidecart/contracts';
import {
  assertOwner,
  identityOf,
  notFound,
  parseBody,
  parseParams,
  requireAdmin,
  requireIdentity,
} from '@sidecart/service-kit';
import type { Payments } from '../payments';

/**
 * Reached only through Dapr. Shopper-facing routes (read, capture) need the identity
 * the gateway forwards and answer 404 for someone else's payment. Creating and
 * refunding are the order service's steps of the checkout saga; a forwarded shopper
 * identity may create only their own payment and may never refund.
 */
export function paymentRoutes(payments: Payments): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const input = parseBody(CreatePayment, req);
    const caller = identityOf(req);
    if (caller) assertOwner(caller, input.customerId, 'Order');
    const { payment, created } = await payments.create(input);
    req.log.info({ orderId: payment.orderId, paymentId: payment.id, created }, 'payment for order');
    res.status(created ? 201 : 200).json(payment);
  });

  /** The order service's change of an order's amount before capture; never a shopper's. */
  router.post('/amendments', async (req, res) => {
    if (identityOf(req)) requireAdmin(req);
    const input = parseBody(AmendPayment, req);
    const payment = await payments.amend(input);
    req.log.info(
      { orderId: input.orderId, revision: input.revision, action: input.action },
      'payment amendment',
    );
    res.json(payment);
  });

  /**
   * The order service's refund of part of a capture (an admin's refund or a return); never a
   * shopper's. Safe to repeat with the same key.
   */
  router.post('/refunds', async (req, res) => {
    if (identityOf(req)) requireAdmin(req);
    const input = parseBody(RefundPart, req);
    res.json(await payments.refundPart(input));
  });

  router.get('/order/:orderId', async (req, res) => {
    const identity = requireIdentity(req);
    const { orderId } = parseParams(PaymentOrderParams, req);
    const payment = await payments.find(orderId);
    if (!payment) throw notFound('Payment');
    assertOwner(identity, payment.customerId, 'Payment');
    res.json(payment);
  });

  router.post('/order/:orderId/capture', async (req, res) => {
    const identity = requireIdentity(req);
    const { orderId } = parseParams(PaymentOrderParams, req);
    const payment = await payments.find(orderId);
    if (!payment) throw notFound('Payment');
    assertOwner(identity, payment.customerId, 'Payment');
    res.json(await payments.capture(payment));
  });

  // The order service's "retry payment" step (the shopper asked it; it checked the order may still be paid).
  router.post('/order/:orderId/retry', async (req, res) => {
    const { orderId } = parseParams(PaymentOrderParams, req);
    const payment = await payments.find(orderId);
    if (!payment) throw notFound('Payment');
    const caller = identityOf(req);
    if (caller) assertOwner(caller, payment.customerId, 'Payment');
    const { payment: current, reopened } = await payments.retry(payment);
    req.log.info({ orderId, paymentId: current.id, reopened }, 'payment retry');
    res.json(current);
  });

  router.post('/order/:orderId/refund', async (req, res) => {
    if (identityOf(req)) requireAdmin(req);
    const { orderId } = parseParams(PaymentOrderParams, req);
    const { reason } = parseBody(RefundPayment, req);
    const payment = await payments.compensate(orderId, reason);
    if (!payment) throw notFound('Payment');
    res.json(payment);
  });

  return router;
}
