/**
 * The product service's storage, driven directly: against real MongoDB in a container started
 * by testcontainers (skipped, and saying why, without Docker), and the reservation race also
 * against the FerretDB the full-stack tests run (a scratch database of its own, dropped after).
 * The full-stack tests prove the same code through the whole system; this proves it does not
 * depend on either server's quirks, and races 50 callers released together by a barrier.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { StartedMongoDBContainer } from '@testcontainers/mongodb';
import { connectMongo, MongoOutbox } from '@sidecart/service-kit';
import { allOverlap, localSecrets, race } from '../../../packages/stack-tests/src/stack';
import { seedCatalog } from '../src/domain/seed';
import { CatalogQueries } from '../src/store/catalog';
import { catalogModels } from '../src/store/models';
import { ProductStore, seededId } from '../src/store/products';
import { StockLedger } from '../src/store/stock-ledger';
import { StockReservations } from '../src/store/stock-reservations';

const dockerHost =
  process.env.DOCKER_HOST ?? (fs.existsSync('/var/run/docker.sock') ? 'unix:///var/run/docker.sock' : null);
if (!dockerHost) {
  console.log('MongoDB integration tests skipped: no Docker here (no DOCKER_HOST, no /var/run/docker.sock)');
}
const withDocker = dockerHost ? describe : describe.skip;

jest.setTimeout(180_000);

async function storage(connection: Connection) {
  const { products, entries, keys, reservations: models } = await catalogModels(connection);
  const ledger = new StockLedger(entries, keys);
  const store = new ProductStore(products, ledger);
  const stock = new StockReservations(store, ledger, models, new MongoOutbox(connection), {
    ttlMs: 60_000,
    stuckAfterMs: 60_000,
  });
  return { store, stock, catalog: new CatalogQueries(products) };
}

/** 50 orders for the last 10 units, all released at once; exactly 10 get one, the ledger agrees. */
async function fiftyRaceForTen(store: ProductStore, stock: StockReservations) {
  const sku = `TC-${randomUUID().slice(0, 8).toUpperCase()}`;
  const product = await store.create({
    sku,
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
  const runs = await race(50, () =>
    stock.reserve({
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      orderId: randomUUID(),
      customerId: randomUUID(),
      lines: [{ productId, sku, quantity: 1, unitPrice: { amount: 4900, currency: 'EUR' } }],
      total: { amount: 4900, currency: 'EUR' },
    }),
  );
  // Every call was still running when the last one started: they really competed.
  expect(allOverlap(runs)).toBe(true);
  const decisions = runs.map((r) => r.result);
  expect(decisions.filter((d) => d.status === 'RESERVED')).toHaveLength(10);
  expect(decisions.filter((d) => d.status === 'REJECTED')).toHaveLength(40);
  expect(await store.balance(productId)).toMatchObject({ onHand: 10, reserved: 10 });
}

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
    ({ store, stock, catalog } = await storage(connection));
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

  it('50 concurrent orders for 10 units: 10 reserved, 40 rejected (a race that raced)', () =>
    fiftyRaceForTen(store, stock));
});

describe('the reservation race on FerretDB (the server the stack runs)', () => {
  let connection: Connection;
  beforeAll(async () => {
    const url = new URL(localSecrets().PRODUCT_MONGO_URL!);
    url.pathname = `/race_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    connection = await connectMongo(url.toString());
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('50 concurrent orders for 10 units: 10 reserved, 40 rejected (a race that raced)', async () => {
    const { store, stock } = await storage(connection);
    await fiftyRaceForTen(store, stock);
  });
});

describe('demo products of an older shop get their drawings (FerretDB)', () => {
  // A database of its own for each test: the demo catalog is seeded only into an empty one.
  let connection: Connection;
  beforeEach(async () => {
    const url = new URL(localSecrets().PRODUCT_MONGO_URL!);
    url.pathname = `/pictures_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    connection = await connectMongo(url.toString());
  });
  afterEach(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('replaces only the old host’s addresses, once, after the pictures are stored', async () => {
    const { store } = await storage(connection);
    const catalog = seedCatalog().slice(0, 6);
    // As an earlier version seeded them: pictures on a host that never existed.
    const old = catalog.map((p, i) => ({
      ...p,
      images: [`https://images.sidecart.example/kitchen/${i + 1}.jpg`],
    }));
    expect(await store.seedIfEmpty(old)).toBe(6);
    // An admin gave the first one a picture of their own since.
    await store.update(
      seededId(old[0]!.sku).toHexString(),
      { images: ['https://cdn.example/mine.jpg'] },
      'admin-test',
    );

    const stored: string[] = [];
    expect(await store.replaceSeedPictures(catalog, async () => void stored.push('pictures'))).toBe(5);
    expect(stored).toEqual(['pictures']);
    const after = await Promise.all(
      catalog.map(async (p) => (await store.findById(seededId(p.sku).toHexString()))!.images),
    );
    expect(after).toEqual([['https://cdn.example/mine.jpg'], ...catalog.slice(1).map((p) => p.images)]);
    // Nothing left to replace: nothing stored again.
    expect(await store.replaceSeedPictures(catalog, async () => void stored.push('again'))).toBe(0);
    expect(stored).toEqual(['pictures']);
  });

  it('replaces a drawing an earlier version made (one per department) with the product’s own', async () => {
    const { store } = await storage(connection);
    const catalog = seedCatalog().slice(12, 18);
    // Every one shows the same drawing, as when every desk lamp showed headphones.
    const older = catalog.map((p) => ({ ...p, images: ['/api/v1/images/0123456789abcdef.svg'] }));
    expect(await store.seedIfEmpty(older)).toBe(6);
    await store.update(
      seededId(older[1]!.sku).toHexString(),
      { images: ['/api/v1/images/fedcba9876543210-960.webp'] },
      'admin-test',
    );
    expect(await store.replaceSeedPictures(catalog, async () => undefined)).toBe(5);
    const after = await Promise.all(
      catalog.map(async (p) => (await store.findById(seededId(p.sku).toHexString()))!.images),
    );
    expect(after).toEqual(
      catalog.map((p, i) => (i === 1 ? ['/api/v1/images/fedcba9876543210-960.webp'] : p.images)),
    );
    expect(await store.replaceSeedPictures(catalog, async () => undefined)).toBe(0);
  });
});
