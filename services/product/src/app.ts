import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createServiceApp, pingMongo, type Dapr, type Logger } from '@sidecart/service-kit';
import { orderSubscriptions } from './events/order-events';
import { categoryRoutes } from './routes/categories';
import { productRoutes } from './routes/products';
import { reservationRoutes } from './routes/reservations';
import type { CatalogQueries } from './store/catalog';
import type { ProductStore } from './store/products';
import type { StockReservations } from './store/stock-reservations';

export type ProductDeps = {
  connection: Connection;
  dapr: Dapr;
  logger: Logger;
  store: ProductStore;
  stock: StockReservations;
  /** Listings, search and categories, from this instance's read model of the catalog. */
  catalog: CatalogQueries;
  /** Required on every call when set: only the app's own sidecar knows it. */
  appApiToken?: string;
};

export function createProductApp({
  connection,
  dapr,
  logger,
  store,
  stock,
  catalog,
  appApiToken,
}: ProductDeps): Express {
  return createServiceApp({
    service: 'product',
    logger,
    appApiToken,
    sidecar: dapr,
    readiness: { database: () => pingMongo(connection), sidecar: () => dapr.outboundHealthy() },
    subscriptions: orderSubscriptions(stock),
    routes: (app) => {
      app.use('/products', productRoutes(store, catalog));
      app.use('/categories', categoryRoutes(catalog));
      app.use('/reservations', reservationRoutes(stock));
    },
  });
}
