import mongoose from 'mongoose';
import {
  connectMongo,
  createLogger,
  Dapr,
  listen,
  MongoOutbox,
  retry,
  secretReader,
  startLoop,
  startRelay,
} from '@sidecart/service-kit';
import { createProductApp } from './app';
import { loadConfig } from './config';
import { seedCatalog, seedPictureFiles } from './domain/seed';
import { CatalogQueries } from './store/catalog';
import { catalogChangeModel, CatalogView } from './store/catalog-view';
import { catalogModels } from './store/models';
import { PictureStore } from './store/pictures';
import { ProductStore } from './store/products';
import { StockLedger } from './store/stock-ledger';
import { StockReservations } from './store/stock-reservations';

async function main() {
  const config = loadConfig();
  const logger = createLogger('product');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  const mongoUrl = await secretReader(dapr, logger)('PRODUCT_MONGO_URL');
  const connection = await retry('MongoDB', () => connectMongo(mongoUrl), logger);
  const { products, entries, keys, reservations: models } = await catalogModels(connection);
  const outbox = new MongoOutbox(connection);
  await outbox.init();

  // A process that has not seen a product yet looks for its ledger head from the seq its
  // stock copy was made from (see StockLedger).
  const ledger = new StockLedger(entries, keys, async (productId) => {
    if (!mongoose.isValidObjectId(productId)) return 0;
    const doc = await products.findById(productId, { 'stock.seq': 1 }).lean<{ stock?: { seq?: number } }>();
    return doc?.stock?.seq ?? 0;
  });
  const store = new ProductStore(products, ledger, outbox);
  store.onSyncError = (err, productId) =>
    logger.warn(
      { err: (err as Error).message, productId },
      'stock copy not synced; the next movement syncs it',
    );
  const stock = new StockReservations(store, ledger, models, outbox, {
    ttlMs: config.RESERVATION_TTL_SECONDS * 1000,
    stuckAfterMs: 60_000,
  });
  const migrated = { ledger: await ledger.migrateFrom(connection), ...(await stock.migrate(connection)) };
  if (migrated.ledger + migrated.events + migrated.open > 0)
    logger.info(migrated, 'catalog data brought up to date');
  const pictures = new PictureStore(dapr);
  if (config.SEED_CATALOG === 'true') {
    const catalog = seedCatalog();
    // The drawings first (through the `images` binding), then the products that show them.
    const storeDrawings = async () => {
      const files = [...seedPictureFiles(catalog)];
      for (let i = 0; i < files.length; i += 16) {
        const batch = files.slice(i, i + 16);
        await retry(
          'images binding',
          () =>
            Promise.all(batch.map(([name, svg]) => pictures.put(name, Buffer.from(svg), 'image/svg+xml'))),
          logger,
        );
      }
      logger.info({ pictures: files.length }, 'demo catalog pictures stored');
    };
    const inserted = await store.seedIfEmpty(catalog, storeDrawings);
    if (inserted > 0) logger.info({ inserted }, 'demo catalog loaded');
    // A shop seeded by an earlier version: its demo products get this version's drawings.
    else {
      const redrawn = await store.replaceSeedPictures(catalog, storeDrawings);
      if (redrawn > 0) logger.info({ redrawn }, 'demo catalog pictures brought up to date');
    }
  }
  // The relay is woken as soon as a decision or settlement writes its event; its poll
  // (every 2 s) is only a safety net, e.g. for events another replica wrote.
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

  // One outbox, one relay: each event goes out once the fact it announces exists (an edit's
  // audit entry, a reservation's decision or settlement).
  const relayed = outbox.store((event) =>
    event.topic === 'product.updated' ? store.announces(event) : stock.announces(event),
  );
  const stopRelay = startRelay(relayed, dapr, logger);
  outbox.wakeRelay = stopRelay.wake;
  const stopSweeper = startLoop('reservation-sweeper', () => stock.sweep(), logger, { idleMs: 1000 });
  listen(
    createProductApp({
      connection,
      dapr,
      logger,
      store,
      stock,
      pictures,
      catalog: new CatalogQueries(store.products, catalogView),
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
