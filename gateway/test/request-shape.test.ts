import request from 'supertest';
import { RecordingDapr, signedToken, testGateway } from './fixtures';

const dapr = new RecordingDapr();
const app = testGateway(dapr);
const USER = '6b065900492b27f54e76c9d7';
const ORDER = '0190d3f2-1c2b-7cde-8f00-0123456789ac';
const bearer = async (role = 'customer') => `Bearer ${await signedToken(USER, { role })}`;

const expectRefused = (res: request.Response, field: string) => {
  expect(res.status).toBe(400);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
};

describe('a request is what the OpenAPI document says its route takes, before anything is forwarded', () => {
  beforeEach(() => dapr.calls.splice(0));

  it('refuses a query parameter the route does not take, and a bad value of one it does', async () => {
    expectRefused(
      await request(app)
        .get('/api/v1/cart?limit=5')
        .set('authorization', await bearer()),
      'limit',
    );
    expectRefused(await request(app).get('/api/v1/products?limit=0'), 'limit');
    expectRefused(await request(app).get('/api/v1/products?limit=1&limit=2'), 'limit');
    expectRefused(await request(app).get('/api/v1/products?sort=cheapest'), 'sort');
    expectRefused(await request(app).get('/api/v1/products?colour=blue'), 'colour');
    expectRefused(await request(app).get('/api/v1/system/health?verbose=1'), 'verbose');
    expect(dapr.calls).toEqual([]);
  });

  it('refuses a body that breaks its schema, naming the field', async () => {
    const res = await request(app)
      .post('/api/v1/orders')
      .set('authorization', await bearer())
      .set('idempotency-key', ORDER)
      .send({
        currency: 'EUR',
        shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: 'D', country: 'Deutschland' },
      });
    expectRefused(res, 'shippingAddress.country');
    const extra = await request(app)
      .post(`/api/v1/orders/${ORDER}/cancel`)
      .set('authorization', await bearer())
      .send({ reason: 'x', refund: 'twice' });
    expectRefused(extra, 'refund');
    expect(dapr.calls).toEqual([]);
  });

  it('refuses a header it reads when it is malformed, naming the header', async () => {
    const res = await request(app)
      .put('/api/v1/cart')
      .set('authorization', await bearer())
      .set('if-match', 'x'.repeat(201))
      .send({ lines: [] });
    expectRefused(res, 'If-Match');
    expect(dapr.calls).toEqual([]);
  });

  it('refuses a body on a route that takes none, except an empty object', async () => {
    const capture = `/api/v1/orders/${ORDER}/payment/capture`;
    expectRefused(
      await request(app)
        .post(capture)
        .set('authorization', await bearer())
        .send({ amount: 1 }),
      'amount',
    );
    expectRefused(
      await request(app)
        .post(capture)
        .set('authorization', await bearer())
        .send([1]),
      '(root)',
    );
    const text = await request(app)
      .post(capture)
      .set('authorization', await bearer())
      .set('content-type', 'text/plain')
      .send('capture twice');
    expectRefused(text, '(root)');
    expect(dapr.calls).toEqual([]);
    // What the storefront sends: `{}`, or nothing.
    expect(
      (
        await request(app)
          .post(capture)
          .set('authorization', await bearer())
          .send({})
      ).status,
    ).toBe(200);
    expect(
      (
        await request(app)
          .post(capture)
          .set('authorization', await bearer())
      ).status,
    ).toBe(200);
    expect(dapr.calls).toHaveLength(2);
  });

  it('forwards a valid request as it came', async () => {
    const res = await request(app).get('/api/v1/products?limit=5&sort=price_asc&q=mug');
    expect(res.status).toBe(200);
    expect(dapr.calls).toEqual(['GET product products?limit=5&sort=price_asc&q=mug']);
  });
});
