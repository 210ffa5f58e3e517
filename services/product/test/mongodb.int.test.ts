/**
 * The product service's storage against real MongoDB, in a container started by
 * testcontainers. The full-stack tests prove the same code on FerretDB; this proves it
 * does not depend on FerretDB's quirks. Without Docker it is skipped, and says why.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { StartedMongoDBContainer } from '@testcontainers/mongodb';
import { connectMongo, MongoOutbox } from '@sidecart/service-kit';
import { seedCatalog } from '../src/domain/seed';
import { CatalogQueries } from '../src/store/catalog';
import { catalogModels } from '../src/store/models';
import { ProductStore } from '../src/store/products';
import { StockLedger } from '../src/store/stock-ledger';
import { StockReservations } from '../src/store/stock-reservations';

const dockerHost =
  process.env.DOCKER_HOST ?? (fs.existsSync('/var/run/docker.sock') ? 'unix:///var/run/docker.sock' : null);
if (!dockerHost) {
  console.log('MongoDB integration tests skipped: no Docker here (no DOCKER_HOST, no /var/run/docker.sock)');
}
const withDocker = dockerHost ? describe : describe.skip;

jest.setTimeout(180_000);

withDocker('product storage on real MongoDB (testcontainers)', () => {
  let container: StartedMongoDBContainer;
  let connection: Connection;
  let store: ProductStore;
  let stock: StockReservations;
  let catalog: CatalogQueries;

  beforeAll(async () => {
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    container = await new MongoDBContainer('mongo:8').start();
    connection = await connectMongo(`${container.getConnectionString()}/catalog?directConnection=true`);
    const { products, entries, keys, reservations: models } = await catalogModels(connection);
    const ledger = new StockLedger(entries, keys);
    store = new ProductStore(products, ledger);
    stock = new StockReservations(store, ledger, models, new MongoOutbox(connection), {
      ttlMs: 60_000,
      stuckAfterMs: 60_000,
    });
    catalog = new CatalogQueries(products);
    await store.seedIfEmpty(seedCatalog());
  });

  afterAll(async () => {
    await connection?.close();
    await container?.stop();
  });

  it('seeds once and pages through every search match exactly once', async () => {
    expect(await store.seedIfEmpty(seedCatalog())).toBe(0);
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await catalog.list({ q: 'made', limit: 40, cursor });
      for (const p of page.items) seen.add(p._id.toHexString());
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(240);
  });

  it('serves every catalog query shape from an index, sorted lists without an in-memory sort', async () => {
    const products = store.products;
    const stagesOf = async (cursor: { explain(): Promise<unknown> }) => {
      const text = JSON.stringify(await cursor.explain());
      return { indexed: text.includes('IXSCAN'), sortsInMemory: /"stage":"SORT"/.test(text) };
    };
    const sorted = [
      products.find({ active: true }).sort({ createdAt: -1, _id: -1 }).limit(21),
      products.find({ active: true, categories: 'kitchen' }).sort({ createdAt: -1, _id: -1 }).limit(21),
      products.find({ active: true, categories: 'kitchen' }).sort({ 'price.amount': 1, _id: 1 }).limit(21),
      products.find({ active: true }).sort({ 'price.amount': -1, _id: -1 }).limit(21),
    ];
    for (const query of sorted)
      expect(await stagesOf(query)).toEqual({ indexed: true, sortsInMemory: false });
    for (const query of [
      products.findOne({ slug: 'anything' }),
      products.find({ active: true, searchTerms: { $regex: '^mad' } }),
      store.ledger.entries.findOne({ key: 'x:y:HOLD' }),
    ]) {
      expect((await stagesOf(query)).indexed).toBe(true);
    }
  });

  it('50 concurrent orders for 10 units: 10 reserved, 40 rejected', async () => {
    const product = await store.create({
      sku: 'TC-LIMITED-1',
      name: 'Limited Print',
      description: '',
      images: [],
      categories: ['test'],
      attributes: {},
      price: { amount: 4900, currency: 'EUR' },
      active: true,
      onHand: 10,
    });
    const productId = product._id.toHexString();
    const decisions = await Promise.all(
      Array.from({ length: 50 }, () =>
        stock.reserve({
          eventId: randomUUID(),
          occurredAt: new Date().toISOString(),
          orderId: randomUUID(),
          customerId: randomUUID(),
          lines: [
            { productId, sku: 'TC-LIMITED-1', quantity: 1, unitPrice: { amount: 4900, currency: 'EUR' } },
          ],
          total: { amount: 4900, currency: 'EUR' },
        }),
      ),
    );
    expect(decisions.filter((d) => d.status === 'RESERVED')).toHaveLength(10);
    expect(decisions.filter((d) => d.status === 'REJECTED')).toHaveLength(40);
    expect(await store.balance(productId)).toMatchObject({ onHand: 10, reserved: 10 });
  });
});
