import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createServiceApp, pingMongo, type Dapr, type Logger } from '@sidecart/service-kit';
import { orderSubscriptions } from './events/order-events';
import { categoryRoutes, reservationRoutes } from './routes/catalog';
import { productRoutes } from './routes/products';
import { CatalogQueries } from './store/catalog';
import type { CatalogView } from './store/catalog-view';
import type { ProductStore } from './store/products';
import type { StockReservations } from './store/stock-reservations';

export type ProductDeps = {
  connection: Connection;
  dapr: Dapr;
  logger: Logger;
  store: ProductStore;
  stock: StockReservations;
  /** This instance's read model of the catalog; without it every catalog read queries the database. */
  catalogView?: CatalogView;
  /** Required on every call when set: only the app's own sidecar knows it. */
  appApiToken?: string;
};

export function createProductApp({
  connection,
  dapr,
  logger,
  store,
  stock,
  catalogView,
  appApiToken,
}: ProductDeps): Express {
  const catalog = new CatalogQueries(store.products, catalogView ?? null);
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
