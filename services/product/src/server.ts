import {
  connectMongo,
  createLogger,
  Dapr,
  listen,
  retry,
  type Loop,
  secretReader,
  startLoop,
  startRelay,
} from '@sidecart/service-kit';
import { createProductApp } from './app';
import { loadConfig } from './config';
import { seedCatalog } from './domain/seed';
import { catalogChangeModel, CatalogView } from './store/catalog-view';
import { productModel, ProductStore } from './store/products';
import { outcomeModel, reservationModel } from './store/reservations';
import { ledgerModel, StockLedger } from './store/stock-ledger';
import { StockReservations } from './store/stock-reservations';

async function main() {
  const config = loadConfig();
  const logger = createLogger('product');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  const mongoUrl = await secretReader(dapr, logger)('PRODUCT_MONGO_URL');
  const connection = await retry('MongoDB', () => connectMongo(mongoUrl), logger);
  const models = [productModel, ledgerModel, reservationModel, outcomeModel].map((m) => m(connection));
  const [products, entries, reservations, outcomes] = models as [
    ReturnType<typeof productModel>,
    ReturnType<typeof ledgerModel>,
    ReturnType<typeof reservationModel>,
    ReturnType<typeof outcomeModel>,
  ];
  for (const model of models) await model.syncIndexes();

  const ledger = new StockLedger(entries);
  const store = new ProductStore(products, ledger);
  store.onSyncError = (err, productId) =>
    logger.warn(
      { err: (err as Error).message, productId },
      'stock copy not synced; the next movement syncs it',
    );
  if (config.SEED_CATALOG === 'true') {
    const inserted = await store.seedIfEmpty(seedCatalog());
    if (inserted > 0) logger.info({ inserted }, 'demo catalog loaded');
  }
  // The relay is woken as soon as a decision or settlement writes its event; its poll
  // (every 2 s) is only a safety net, e.g. for events another replica wrote.
  const relay: { loop?: Loop } = {};
  const stock = new StockReservations(store, ledger, reservations, outcomes, {
    ttlMs: config.RESERVATION_TTL_SECONDS * 1000,
    stuckAfterMs: 60_000,
    onEventRecorded: () => relay.loop?.wake(),
  });

  const changes = catalogChangeModel(connection);
  await changes.syncIndexes();
  const catalogView = new CatalogView(products, changes, {
    refreshMs: config.CATALOG_REFRESH_MS,
    fullReloadMs: config.CATALOG_FULL_RELOAD_MS,
    maxAgeMs: config.CATALOG_MAX_AGE_MS,
  });
  store.onWritten = (doc) => catalogView.written(doc);
  store.onStockCopied = (productId, stock) => catalogView.stockCopied(productId, stock);
  const stopCatalogView = await catalogView.start(logger);

  const stopRelay = startRelay(stock.outbox(), dapr, logger);
  relay.loop = stopRelay;
  const stopSweeper = startLoop('reservation-sweeper', () => stock.sweep(), logger, { idleMs: 1000 });
  listen(
    createProductApp({
      connection,
      dapr,
      logger,
      store,
      stock,
      catalogView,
      appApiToken: config.APP_API_TOKEN,
    }),
    config.APP_PORT,
    logger,
    [stopRelay, stopSweeper, stopCatalogView, () => connection.close()],
  );
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
