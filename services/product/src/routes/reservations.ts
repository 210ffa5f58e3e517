import { Router } from 'express';
import { OrderIdParams } from '@sidecart/contracts';
import { notFound, parseParams, requireAdmin } from '@sidecart/service-kit';
import type { StockReservations } from '../store/stock-reservations';

/** For operators (and tests): where an order's stock reservation stands. */
export function reservationRoutes(stock: StockReservations): Router {
  const router = Router();
  router.get('/:orderId', async (req, res) => {
    requireAdmin(req);
    const { orderId } = parseParams(OrderIdParams, req);
    const reservation = await stock.view(orderId);
    if (!reservation) throw notFound('Reservation');
    res.json(reservation);
  });
  return router;
}
