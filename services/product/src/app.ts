import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createServiceApp, pingMongo, type Dapr, type Logger } from '@sidecart/service-kit';
import { orderSubscriptions } from './events/order-events';
import { categoryRoutes } from './routes/categories';
import { imageRoutes, productPictureRoutes } from './routes/pictures';
import { productRoutes } from './routes/products';
import { reservationRoutes } from './routes/reservations';
import type { CatalogQueries } from './store/catalog';
import type { PictureStore } from './store/pictures';
import type { ProductStore } from './store/products';
import type { StockReservations } from './store/stock-reservations';

export type ProductDeps = {
  connection: Connection;
  dapr: Dapr;
  logger: Logger;
  store: ProductStore;
  stock: StockReservations;
  /** Product pictures, through the `images` output binding. */
  pictures: PictureStore;
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
  pictures,
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
    // A picture travels base64 in JSON: up to PICTURE_MAX_BYTES (2 MB), so 2.7 MB encoded.
    largeBodies: { '/products/:id/picture': '3mb' },
    routes: (app) => {
      app.use('/products', productPictureRoutes(store, pictures));
      app.use('/products', productRoutes(store, catalog));
      app.use('/images', imageRoutes(pictures));
      app.use('/categories', categoryRoutes(catalog));
      app.use('/reservations', reservationRoutes(stock));
    },
  });
}
