/**
 * The recommendations service (Go, services/recommendations) in the running system: it joins
 * through its Dapr sidecar alone. Confirmed orders placed through the public gateway reach it
 * as `order.confirmed` (pub/sub), it counts products bought together in its Dapr state store,
 * and the gateway answers `GET /api/v1/products/{id}/recommendations` by invoking it and the
 * product service. Tests named "(… sidecar boundary)" put an event on the broker through the
 * order service's sidecar themselves, because the redelivery or the broken event is their subject.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { api } from '../src/api';
import { browserForTests, screenshots, seriousViolations, STOREFRONT } from '../src/browser';
import { envelope, publishAs } from '../src/events';
import { confirmedOrder as confirmedOrderOf, createProduct, newShopper } from '../src/shop';
import { APP_METRICS, eventually, localSecrets, stillAfter } from '../src/stack';

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
afterAll(() => ordersDb.end());

type Product = Awaited<ReturnType<typeof createProduct>>;
type Recommended = {
  id: string;
  slug: string;
  name: string;
  price: { amount: number; currency: string };
  orders: number;
};

/** A shopper buys `products` (one of each) through the gateway: cart, checkout, PayPal, capture. */
const confirmedOrder = (products: Product[]): Promise<string> =>
  confirmedOrderOf(
    newShopper(),
    products.map((p) => ({ productId: p.id, quantity: 1 })),
  );

/** A product's recommendations as a signed-out shopper reads them (through the gateway's cache). */
async function recommendationsOf(product: Product): Promise<Recommended[]> {
  const res = await api('GET', `/products/${product.id}/recommendations`);
  expect(res.status).toBe(200);
  return res.body.items as Recommended[];
}

/** How many orders held both products, as the public API says (0 when not recommended). */
const together = async (a: Product, b: Product) =>
  (await recommendationsOf(a)).find((r) => r.id === b.id)?.orders ?? 0;

/** The recommendations app's count of `order.confirmed` deliveries by outcome (its metrics port). */
async function deliveries(outcome: 'counted' | 'duplicate' | 'dropped' | 'retry'): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${APP_METRICS.recommendations}/metrics`)).text();
  const found = new RegExp(`recommendations_events_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text);
  return found ? Number(found[1]) : 0;
}

let a: Product, b: Product, c: Product;
let firstOrder: string;

beforeAll(async () => {
  [a, b, c] = await Promise.all([createProduct(10, 1500), createProduct(10, 2500), createProduct(10, 900)]);
  // Two shoppers at once: both orders change A's and B's counts (ETag-checked writes).
  [firstOrder] = await Promise.all([confirmedOrder([a, b]), confirmedOrder([a, b, c])]);
}, 180_000);

describe('customers who bought this also bought (the Go recommendations service)', () => {
  it('finds B among A’s recommendations, with the catalog’s name and price, most bought first', async () => {
    const items = await eventually(
      async () => {
        const found = await recommendationsOf(a);
        return found.find((r) => r.id === b.id)?.orders === 2 && found.some((r) => r.id === c.id)
          ? found
          : undefined;
      },
      { what: 'B (twice) and C (once) among A’s recommendations' },
    );
    expect(items.map((r) => [r.id, r.orders])).toEqual([
      [b.id, 2],
      [c.id, 1],
    ]);
    expect(items[0]).toMatchObject({ slug: b.slug, name: b.name, price: { amount: 2500, currency: 'EUR' } });
    // Both ways: A among B's.
    expect(await eventually(async () => ((await together(b, a)) === 2 ? true : undefined))).toBe(true);
    // A product nobody bought with another has none; a malformed id is the gateway's 400.
    const alone = await createProduct(1);
    expect(await recommendationsOf(alone)).toEqual([]);
    const bad = await api('GET', '/products/not-a-product/recommendations');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('a redelivered order.confirmed (its eventId again, through the order sidecar) does not change the counts (sidecar boundary)', async () => {
    await eventually(async () => ((await together(a, b)) === 2 ? true : undefined), {
      what: 'A–B counted twice',
    });
    // The very event the order service published for the first order, from its outbox.
    const { rows } = await ordersDb.query(
      "SELECT payload FROM outbox WHERE topic = 'order.confirmed' AND payload->>'orderId' = $1",
      [firstOrder],
    );
    expect(rows).toHaveLength(1);
    const event = rows[0].payload;
    expect(event.lines.map((l: { productId: string }) => l.productId).sort()).toEqual([a.id, b.id].sort());

    const duplicatesBefore = await deliveries('duplicate');
    await publishAs('order', 'order.confirmed', event);
    await publishAs('order', 'order.confirmed', event);
    // Both deliveries were handled (acknowledged as duplicates), and counted nothing.
    await eventually(
      async () => ((await deliveries('duplicate')) >= duplicatesBefore + 2 ? true : undefined),
      {
        what: 'two duplicate deliveries handled',
      },
    );
    expect(await together(a, b)).toBe(2);
    expect(await together(b, a)).toBe(2);
  });

  it('a schema-invalid order.confirmed is dropped once, counts nothing and is not redelivered (sidecar boundary)', async () => {
    const droppedBefore = await deliveries('dropped');
    const countedBefore = await deliveries('counted');
    const retriedBefore = await deliveries('retry');
    // A and B again, but with a quantity of 0: had it been counted, A–B would become 3.
    await publishAs('order', 'order.confirmed', {
      ...envelope(),
      orderId: randomUUID(),
      customerId: randomUUID(),
      lines: [a, b].map((p) => ({
        productId: p.id,
        sku: p.sku,
        quantity: 0,
        unitPrice: { amount: 1, currency: 'EUR' },
      })),
      total: { amount: 0, currency: 'EUR' },
    });
    await eventually(async () => ((await deliveries('dropped')) === droppedBefore + 1 ? true : undefined), {
      what: 'the invalid event to be dropped',
    });
    // Through the broker's redelivery and the retry policy's window: dropped once, never retried.
    await stillAfter(async () => {
      expect(await deliveries('dropped')).toBe(droppedBefore + 1);
      expect(await deliveries('retry')).toBe(retriedBefore);
      expect(await together(a, b)).toBe(2);
    });
    expect(await deliveries('counted')).toBe(countedBefore);
  });
});

describe('“Customers also bought” on the storefront, in a real browser', () => {
  const browser = browserForTests();

  it('a product page shows what was bought with it, linked, and passes axe; a page with nothing to show has no section', async () => {
    await eventually(async () => ((await together(a, b)) === 2 ? true : undefined), { what: 'A–B counted' });
    const shot = screenshots('also-bought');
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    await page.goto(`${STOREFRONT}/products/${a.slug}`);
    await page.getByRole('heading', { level: 1, name: a.name }).waitFor();
    const section = page.getByRole('region', { name: 'Customers also bought' });
    await section.waitFor();
    await section.getByRole('link', { name: new RegExp(b.name) }).waitFor();
    expect(await section.getByRole('heading', { level: 3 }).allTextContents()).toEqual([b.name, c.name]);
    await shot(page, 'product-with-recommendations');
    expect(await seriousViolations(page)).toEqual([]);

    // Following one leads to that product's page.
    await section.getByRole('link', { name: new RegExp(b.name) }).click();
    await page.getByRole('heading', { level: 1, name: b.name }).waitFor();

    const alone = await createProduct(1);
    await page.goto(`${STOREFRONT}/products/${alone.slug}`);
    await page.getByRole('heading', { level: 1, name: alone.name }).waitFor();
    expect(await page.getByRole('heading', { name: 'Customers also bought' }).count()).toBe(0);
    await shot(page, 'product-without-recommendations');
    await context.close();
  });
});
