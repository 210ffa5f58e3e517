import { Router } from 'express';
import { OrderIdParams, ReviseReservation, type ReservationRevision } from '@sidecart/contracts';
import { notFound, parseBody, parseParams, requireAdmin } from '@sidecart/service-kit';
import type { StockReservations } from '../store/stock-reservations';

/** Where an order's stock reservation stands (operators, tests), and its revisions (the order service). */
export function reservationRoutes(stock: StockReservations): Router {
  const router = Router();

  /**
   * The order service's new revision of an order's reservation (the order changed before it
   * was paid). 200 with the decision, RESERVED or REJECTED (the reservation is as it was);
   * 409 when the reservation is not held. Declared before `/:orderId`.
   */
  router.post('/revisions', async (req, res) => {
    const input = parseBody(ReviseReservation, req);
    const doc = await stock.revise(input.orderId, input.revision, input.lines);
    const answer: ReservationRevision = {
      orderId: doc.orderId,
      revision: doc.revision,
      status: doc.status,
      rejections: doc.rejections.map(({ productId, requested, available, reason }) => ({
        productId,
        requested,
        available,
        reason,
      })),
    };
    res.json(answer);
  });

  router.get('/:orderId', async (req, res) => {
    requireAdmin(req);
    const { orderId } = parseParams(OrderIdParams, req);
    const reservation = await stock.view(orderId);
    if (!reservation) throw notFound('Reservation');
    res.json(reservation);
  });
  return router;
}
