/**
 * The tests run on their own data (profile `test`, scripts/profile.mjs): a sentinel product and
 * order planted in the shop that `npm start` serves survive a whole checkout through the test
 * stack's public gateway, nothing in that shop's databases changes, and what the test wrote is
 * found in the test profile's databases only. (The global teardown checks the same sentinel
 * idea across the whole run.)
 */
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { api } from '../src/api';
import { fingerprint, plantSentinel, removeSentinel, sentinelIntact, shopSecrets } from '../src/isolation';
import { address, approveOnPayPal, ADMIN, type Who } from '../src/shop';
import { eventually, localSecrets } from '../src/stack';

const skuIn = async (mongoUrl: string, sku: string) => {
  const client = new MongoClient(mongoUrl);
  await client.connect();
  try {
    return (await client.db().collection('products').countDocuments({ sku })) > 0;
  } finally {
    await client.close();
  }
};

describe('test isolation', () => {
  it("a checkout through the test stack leaves the shop's own data exactly as it was", async () => {
    const sentinel = await plantSentinel();
    try {
      const before = await fingerprint();

      // Every kind of write the shop has: an account, a product, a cart, an order paid and confirmed.
      const email = `isolation-${randomUUID()}@example.com`;
      const signUp = await api('POST', '/customers', undefined, {
        email,
        password: 'correct-horse-42',
        name: 'Iso',
      });
      expect(signUp.status).toBe(201);
      const shopper: Who = { userId: signUp.body.id, role: 'customer' };
      const sku = `ISO-${randomUUID().slice(0, 8).toUpperCase()}`;
      const product = await api('POST', '/products', ADMIN, {
        sku,
        name: `Isolation mug ${sku}`,
        description: 'Exists only in the test profile',
        categories: ['kitchen'],
        price: { amount: 1500, currency: 'EUR' },
        onHand: 5,
      });
      expect(product.status).toBe(201);
      expect(
        (await api('PUT', '/cart', shopper, { lines: [{ productId: product.body.id, quantity: 2 }] })).status,
      ).toBe(200);
      const placed = await api(
        'POST',
        '/orders',
        shopper,
        { shippingAddress: address, currency: 'EUR' },
        {
          'idempotency-key': randomUUID(),
        },
      );
      expect(placed.status).toBe(201);
      const approveUrl = await eventually(
        async () => {
          const res = await api('GET', `/orders/${placed.body.id}`, shopper);
          return (res.body?.payment?.approveUrl as string | null | undefined) ?? undefined;
        },
        30_000,
        'the payment to be opened',
      );
      await approveOnPayPal(approveUrl);
      expect((await api('POST', `/orders/${placed.body.id}/payment/capture`, shopper)).status).toBe(200);
      await eventually(
        async () => {
          const res = await api('GET', `/orders/${placed.body.id}`, shopper);
          return res.body?.status === 'CONFIRMED' ? true : undefined;
        },
        30_000,
        'the order to be confirmed',
      );

      // The test's product is in the test profile's catalog, and not in the shop's.
      expect(await skuIn(localSecrets().PRODUCT_MONGO_URL!, sku)).toBe(true);
      expect(await skuIn(shopSecrets().PRODUCT_MONGO_URL!, sku)).toBe(false);
      expect(await fingerprint()).toEqual(before);
      expect(await sentinelIntact(sentinel)).toBe(true);
    } finally {
      await removeSentinel(sentinel);
    }
  });
});
