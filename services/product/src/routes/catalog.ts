import { Router } from 'express';
import { OrderIdParams } from '@sidecart/contracts';
import { notFound, parseParams, requireAdmin } from '@sidecart/service-kit';
import type { CatalogQueries } from '../store/catalog';
import type { StockReservations } from '../store/stock-reservations';
import { readOptions } from './products';

export function categoryRoutes(catalog: CatalogQueries): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json({ items: await catalog.categories(readOptions(req)) });
  });
  return router;
}

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
