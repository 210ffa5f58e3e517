/**
 * Many shoppers at once (issue: fast under load), checked for correctness, not speed:
 * concurrent sign-ups all succeed, and concurrent checkouts through the public gateway
 * all end CONFIRMED with the stock exact. Timings live in the benchmark, not here.
 */
import { burstSignUps, checkoutOnce, createLoadProducts, stockOf, type Shopper } from '../src/load';
import { eventually } from '../src/stack';

describe('under concurrency', () => {
  // Signed up once, at the same moment, for both tests (which may run in either order).
  let burst: Awaited<ReturnType<typeof burstSignUps>>;
  let shoppers: Shopper[] = [];
  beforeAll(async () => {
    burst = await burstSignUps(50);
    shoppers = burst.shoppers;
  }, 120_000);

  it('50 concurrent sign-ups with distinct emails → 50 × 201', () => {
    expect(burst.signUps).toEqual({ 201: 50 });
    expect(new Set(shoppers.map((s) => s.userId)).size).toBe(50);
  });

  it('50 concurrent checkouts → every order CONFIRMED, stock exact', async () => {
    expect(shoppers).toHaveLength(50);
    const products = await createLoadProducts(3, 200);
    const before = await Promise.all(products.map(stockOf));
    // Shopper i buys (i % 3) + 1 units of product i % 3: three products shared by many orders.
    const plans = shoppers.map((shopper, i) => ({
      shopper,
      line: { productId: products[i % 3]!, quantity: (i % 3) + 1 },
    }));
    const outcomes = await Promise.all(
      plans.map(({ shopper, line }) => checkoutOnce(shopper, [line], { pollMs: 250, waitMs: 90_000 })),
    );
    const failures = outcomes.filter((o) => o.status !== 'CONFIRMED');
    expect(failures.map((f) => `${f.orderId}: ${f.error}`)).toEqual([]);
    expect(new Set(outcomes.map((o) => o.orderId)).size).toBe(50);

    const ordered = products.map((id) =>
      plans.filter((p) => p.line.productId === id).reduce((n, p) => n + p.line.quantity, 0),
    );
    // Confirmed orders sell their units once each: on hand down by exactly what was ordered, nothing left held.
    await eventually(
      async () => {
        const after = await Promise.all(products.map(stockOf));
        return after.every(
          (s, i) => s.onHand === before[i]!.onHand - ordered[i]! && s.reserved === before[i]!.reserved,
        )
          ? after
          : undefined;
      },
      60_000,
      'the stock of every confirmed order to be committed',
    );
  }, 240_000);
});
