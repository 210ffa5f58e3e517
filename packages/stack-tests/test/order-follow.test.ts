/**
 * Following an order without polling, through the public gateway: a client sends back the
 * order's ETag (If-None-Match) with `Prefer: wait=<seconds>` and is answered as soon as the
 * order changes, or with 304 after the wait. The change here is made by another request
 * (a cancel) while the first one waits, so the answer can only come from the wake-up.
 */
import { api } from '../src/api';
import { checkout, createProduct, fillCart, newShopper, withApproveUrl, type Who } from '../src/shop';

const follow = (who: Who, orderId: string, etag: string, prefer?: string) =>
  api('GET', `/orders/${orderId}`, who, undefined, {
    'if-none-match': etag,
    ...(prefer ? { prefer } : {}),
  });

const timed = async <T>(work: Promise<T>) => {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started, endedAt: performance.now() };
};

/** A shopper's order with its approval link (nothing changes it until someone acts), and its ETag. */
async function reservedOrder(shopper: Who): Promise<{ orderId: string; etag: string }> {
  const product = await createProduct(3, 990);
  await fillCart(shopper, [{ productId: product.id, quantity: 1 }]);
  const placed = await checkout(shopper);
  expect(placed.status).toBe(201);
  await withApproveUrl(shopper, placed.body.id);
  const read = await api('GET', `/orders/${placed.body.id}`, shopper);
  expect(read.status).toBe(200);
  const etag = read.headers.get('etag') ?? '';
  expect(etag).toMatch(/^W\/".+"$/);
  return { orderId: placed.body.id, etag };
}

describe('following an order (If-None-Match + Prefer: wait)', () => {
  // Tests that only read share one order; the test that changes an order has its own.
  let shopper: Who;
  let orderId: string;
  let etag: string;

  beforeAll(async () => {
    shopper = newShopper();
    ({ orderId, etag } = await reservedOrder(shopper));
  });

  it('answers 304 at once to an unchanged order when the client does not ask to wait', async () => {
    const { value, ms } = await timed(follow(shopper, orderId, etag));
    expect(value.status).toBe(304);
    expect(value.headers.get('etag')).toBe(etag);
    expect(value.headers.get('preference-applied')).toBeNull();
    expect(ms).toBeLessThan(2000);
  });

  it('holds a waiting request for the wait it asked, then answers 304', async () => {
    const { value, ms } = await timed(follow(shopper, orderId, etag, 'wait=1'));
    expect(value.status).toBe(304);
    expect(value.headers.get('preference-applied')).toBe('wait=1');
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('ignores a preference it cannot read (RFC 7240) instead of refusing the request', async () => {
    const { value, ms } = await timed(follow(shopper, orderId, etag, 'wait=soon'));
    expect(value.status).toBe(304);
    expect(value.headers.get('preference-applied')).toBeNull();
    expect(ms).toBeLessThan(2000);
  });

  it("never waits on someone else's order: 404 at once", async () => {
    const { value, ms } = await timed(follow(newShopper(), orderId, etag, 'wait=3'));
    expect(value.status).toBe(404);
    expect(ms).toBeLessThan(2000);
  });

  it('answers a waiting client as soon as the order changes, with the new order and its ETag', async () => {
    const own = newShopper();
    const { orderId, etag } = await reservedOrder(own);
    const waiting = timed(follow(own, orderId, etag, 'wait=3'));
    // Let the request reach the order service and start waiting, then change the order.
    await new Promise((r) => setTimeout(r, 400));
    const cancelled = await timed(
      api('POST', `/orders/${orderId}/cancel`, own, { reason: 'changed my mind' }),
    );
    expect(cancelled.value.status).toBe(200);
    const answer = await waiting;
    expect(answer.value.status).toBe(200);
    expect(answer.value.body.status).toBe('CANCELLED');
    expect(answer.value.headers.get('preference-applied')).toBe('wait=3');
    const newTag = answer.value.headers.get('etag');
    expect(newTag).toMatch(/^W\/".+"$/);
    expect(newTag).not.toBe(etag);
    // Woken by the change, not by the end of the 3 s wait.
    expect(answer.ms).toBeLessThan(2900);
    expect(answer.endedAt).toBeGreaterThanOrEqual(cancelled.endedAt - cancelled.ms);
    // The new ETag is the order as it now is.
    expect((await follow(own, orderId, newTag!)).status).toBe(304);
    expect((await follow(own, orderId, etag)).status).toBe(200);
  });
});
