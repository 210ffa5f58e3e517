/**
 * The admin dashboard (`GET /api/v1/admin/dashboard`, and `/admin` in the storefront): its figures
 * come from the order service's read model, fed by events. Orders are placed and paid through the
 * public gateway; the tests that redeliver an event put it on the broker through the producing
 * service's sidecar (that boundary is their subject) and prove it is not counted twice.
 */
import pg from 'pg';
import type { Browser } from 'playwright-core';
import type { AdminDashboard } from '@sidecart/contracts';
import { api } from '../src/api';
import { launchBrowser, screenshots, seriousViolations, signIn, STOREFRONT } from '../src/browser';
import { publishAs } from '../src/events';
import {
  approvedOrder,
  capture,
  confirmedOrder,
  createProduct,
  newAdmin,
  newShopper,
  untilStatus,
} from '../src/shop';
import { eventually, localSecrets, stillAfter } from '../src/stack';

const secrets = localSecrets();
const ordersDb = new pg.Pool({ connectionString: secrets.ORDER_DATABASE_URL, max: 2 });
const paymentsDb = new pg.Pool({ connectionString: secrets.PAYMENT_DATABASE_URL, max: 2 });
let browser: Browser | undefined;

afterAll(async () => {
  await ordersDb.end();
  await paymentsDb.end();
  await browser?.close();
});

const admin = newAdmin();

async function dashboard(): Promise<AdminDashboard> {
  const res = await api('GET', '/admin/dashboard', admin);
  expect(res.status).toBe(200);
  return res.body as AdminDashboard;
}

const productLine = (d: AdminDashboard, productId: string) =>
  d.topProducts.find((p) => p.productId === productId);
const salesOn = (d: AdminDashboard, day: string) =>
  d.revenue.find((r) => r.currency === 'EUR')?.days.find((x) => x.day === day);
const failuresOn = (d: AdminDashboard, day: string) => d.paymentFailures.days.find((x) => x.day === day);

/** The events a service published about an order, as its outbox kept them (what the broker carried). */
async function published(db: pg.Pool, topic: string, orderId: string) {
  const { rows } = await db.query(
    `SELECT payload FROM outbox WHERE topic = $1 AND payload->>'orderId' = $2`,
    [topic, orderId],
  );
  return rows.map((r) => r.payload as { eventId: string; occurredAt: string; orderId: string });
}

describe('admin dashboard', () => {
  it('counts confirmed orders once, however often order.confirmed is delivered (order sidecar boundary)', async () => {
    // Enough units (a cart line holds at most 99) that the product is among the ten most sold,
    // whatever else the tests sold.
    const product = await createProduct(1000, 123);
    const shopper = newShopper();
    const orderIds = [
      await confirmedOrder(shopper, [{ productId: product.id, quantity: 99 }]),
      await confirmedOrder(shopper, [{ productId: product.id, quantity: 98 }]),
    ];

    const counted = await eventually(
      async () => {
        const d = await dashboard();
        return productLine(d, product.id)?.orders === 2 ? d : undefined;
      },
      { what: 'both orders to be counted' },
    );
    const line = productLine(counted, product.id);
    expect(line).toEqual({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      slug: product.slug,
      units: 197,
      orders: 2,
      revenue: { amount: 197 * 123, currency: 'EUR' },
    });
    const confirmations = (
      await Promise.all(orderIds.map((id) => published(ordersDb, 'order.confirmed', id)))
    ).flat();
    expect(confirmations).toHaveLength(2);
    const day = confirmations[0]!.occurredAt.slice(0, 10);
    expect(salesOn(counted, day)!.revenue.amount).toBeGreaterThanOrEqual(197 * 123);
    expect(salesOn(counted, day)!.orders).toBeGreaterThanOrEqual(2);
    const confirmedNow = counted.ordersByStatus.find((s) => s.status === 'CONFIRMED')!.orders;
    expect(confirmedNow).toBeGreaterThanOrEqual(2);

    // The broker delivers the first confirmation again, twice at once: nothing changes.
    await Promise.all([
      publishAs('order', 'order.confirmed', confirmations[0]),
      publishAs('order', 'order.confirmed', confirmations[0]),
    ]);
    await stillAfter(async () => {
      const d = await dashboard();
      expect(productLine(d, product.id)).toEqual(line);
      expect(salesOn(d, day)).toEqual(salesOn(counted, day));
    });
  });

  it('counts a declined payment once, however often payment.failed is delivered (payment sidecar boundary)', async () => {
    const shopper = newShopper();
    const { orderId } = await approvedOrder(shopper, { action: 'approve-declining' });
    expect((await capture(shopper, orderId)).body.status).toBe('FAILED');
    await untilStatus(shopper, orderId, ['CANCELLED']);

    const counted = await eventually(
      async () => {
        const d = await dashboard();
        return d.paymentFailures.recent.some((f) => f.orderId === orderId) ? d : undefined;
      },
      { what: 'the failed payment to be counted' },
    );
    const [failure] = await published(paymentsDb, 'payment.failed', orderId);
    expect(failure).toBeDefined();
    const day = failure!.occurredAt.slice(0, 10);
    expect(failuresOn(counted, day)!.failures).toBeGreaterThanOrEqual(1);

    // payment.failed reaches the read model through the saga's handler, in its transaction.
    await publishAs('payment', 'payment.failed', failure);
    await stillAfter(async () => {
      const d = await dashboard();
      expect(d.paymentFailures.recent.filter((f) => f.orderId === orderId)).toHaveLength(1);
      expect(failuresOn(d, day)).toEqual(failuresOn(counted, day));
    });
  });

  it('lists a product that ran out among the low-stock products, from the catalog', async () => {
    const product = await createProduct(0);
    const d = await dashboard();
    expect(d.lowStock.threshold).toBe(5);
    expect(d.lowStock.items).toContainEqual({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      slug: product.slug,
      available: 0,
    });
  });

  it('is for admins only: a shopper gets 403, a visitor 401, as problem+json', async () => {
    const shopper = await api('GET', '/admin/dashboard', newShopper());
    expect(shopper.status).toBe(403);
    expect(shopper.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const visitor = await api('GET', '/admin/dashboard');
    expect(visitor.status).toBe(401);
    expect(visitor.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('shows the charts and their tables at /admin in a real browser, with no serious axe violation', async () => {
    // A confirmed order of this test's own, so the page has a sale to draw whatever ran before. The
    // most a line may hold (99), so the product ranks among the ten most sold whatever other test
    // files sold before this one (with 3 units, a randomized run's earlier sales pushed it out).
    const product = await createProduct(100, 2450);
    // And one whose name is longer than the chart's column of names may be.
    const lengthy = await createProduct(100, 1000);
    const lengthyName = `Stack test mug with a name long enough to need cutting in any chart ${lengthy.sku}`;
    expect((await api('PATCH', `/products/${lengthy.id}`, admin, { name: lengthyName })).status).toBe(200);
    await confirmedOrder(newShopper(), [
      { productId: product.id, quantity: 99 },
      { productId: lengthy.id, quantity: 99 },
    ]);
    await eventually(
      async () => {
        const now = await dashboard();
        return productLine(now, product.id) && productLine(now, lengthy.id) ? true : undefined;
      },
      { what: 'the order to reach the dashboard' },
    );

    browser = await launchBrowser();
    const shot = screenshots('admin-dashboard');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, secrets.ADMIN_EMAIL!, secrets.ADMIN_PASSWORD!, '/admin');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    for (const chart of [
      /^Revenue per day in EUR/,
      /^Orders by status/,
      /^Units sold per product/,
      /^Failed payments per day/,
    ]) {
      await page.getByRole('img', { name: chart }).waitFor();
    }
    expect(await page.getByText('Loading…').count()).toBe(0);
    // The product is named in the top products' chart and table.
    await page
      .getByRole('img', { name: /^Units sold per product/ })
      .getByText(product.name)
      .waitFor();
    // Every name in the top products' chart is drawn whole inside the chart, left of its bar; the
    // long one is cut with an ellipsis and named in full by its tooltip.
    const labels = await page.getByRole('img', { name: /^Units sold per product/ }).evaluate((svg) =>
      [...svg.querySelectorAll('text[text-anchor="end"]')].map((text) => {
        const box = (text as unknown as { getBBox(): { x: number; width: number } }).getBBox();
        const bar = text.parentElement!.nextElementSibling!;
        return {
          text: text.textContent,
          tooltip: text.parentElement!.querySelector('title')?.textContent ?? null,
          left: box.x,
          right: box.x + box.width,
          barAt: Number(bar.getAttribute('x')),
        };
      }),
    );
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const label of labels) {
      expect(label.left).toBeGreaterThanOrEqual(0);
      expect(label.right).toBeLessThanOrEqual(label.barAt);
    }
    expect(labels).toContainEqual(
      expect.objectContaining({
        text: expect.stringMatching(/^Stack test mug with a .*…$/),
        tooltip: lengthyName,
      }),
    );
    expect(labels).toContainEqual(expect.objectContaining({ text: product.name, tooltip: null }));
    await shot(page, 'dashboard');

    // Each chart's figures as a table, behind its summary.
    await page.getByText('Top products: the figures as a table').click();
    const row = page.getByRole('table', { name: 'Top products of the last 30 days' }).getByRole('row', {
      name: new RegExp(product.sku),
    });
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining([product.sku, '99', '1', '€2,425.50']),
    );
    for (const summary of await page.locator('summary').all()) {
      if (!(await summary.evaluate((s) => (s.parentElement as unknown as { open: boolean }).open))) {
        await summary.click();
      }
    }
    await page.getByRole('table', { name: 'Orders by status' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'dashboard-tables');

    // A phone's width: the charts scale down, nothing is wider than the screen.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${STOREFRONT}/admin`);
    await page.getByRole('img', { name: /^Revenue per day in EUR/ }).waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(375);
    await shot(page, 'dashboard-phone');
    await context.close();
  });
});
