import request from 'supertest';
import { ROUTES, segment } from '../src/routes/table';
import { RecordingDapr, signedToken, testGateway } from './fixtures';

const dapr = new RecordingDapr();
const app = testGateway(dapr);

const USER = '6b065900492b27f54e76c9d7';
const token = (sub = USER, role = 'customer') => signedToken(sub, { role });

const ADDRESS = '0190d3f2-1c2b-7cde-8f00-0123456789ab';
const ORDER = '0190d3f2-1c2b-7cde-8f00-0123456789ac';

describe('the route table', () => {
  it('gives every path parameter a schema', () => {
    for (const route of ROUTES) {
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect([route.path, Object.keys(route.params?.shape ?? {})]).toEqual([route.path, names]);
    }
  });
});

describe('segment', () => {
  it('passes ids and slugs, refuses dot segments, slashes and escapes', () => {
    for (const ok of [USER, ADDRESS, 'blue-mug', 'storefront', 'a.b']) expect(segment(ok)).toBe(ok);
    for (const bad of ['', '.', '..', 'a/b', '%2e%2e', 'a%2Fb', '../x', 'a b', '?x', '#'])
      expect(() => segment(bad)).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('path parameters are validated before anything is forwarded', () => {
  beforeEach(() => dapr.calls.splice(0));

  it.each([
    ['DELETE', '/api/v1/me/addresses/%2e%2e', 'addressId'],
    ['DELETE', '/api/v1/me/addresses/..', 'addressId'],
    ['DELETE', '/api/v1/me/addresses/..%2F..', 'addressId'],
    ['PATCH', '/api/v1/me/addresses/a%2Fb', 'addressId'],
    ['GET', '/api/v1/orders/..%2Fall', 'id'],
    ['POST', '/api/v1/orders/not-a-uuid/cancel', 'id'],
    ['GET', '/api/v1/orders/%2e%2e/payment', 'id'],
    ['GET', '/api/v1/products/..%2Fby-slug%2Fx', 'id'],
    ['GET', '/api/v1/products/Blue_Mug', 'id'],
  ])('%s %s → 400 naming %s', async (method, path, param) => {
    const agent = request(app);
    const res = await agent[method.toLowerCase() as 'get'](path).set(
      'authorization',
      `Bearer ${await token()}`,
    );
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([param]);
    expect(dapr.calls).toEqual([]);
  });

  it('forwards valid ids as single, unescaped segments', async () => {
    const auth = `Bearer ${await token()}`;
    await request(app).delete(`/api/v1/me/addresses/${ADDRESS}`).set('authorization', auth);
    await request(app).get(`/api/v1/orders/${ORDER}/payment`).set('authorization', auth);
    await request(app).get('/api/v1/products/blue-mug');
    await request(app).get(`/api/v1/products/${USER}`);
    expect(dapr.calls).toEqual([
      `DELETE customer customers/${USER}/addresses/${ADDRESS}`,
      `GET payment payments/order/${ORDER}`,
      'GET product products/by-slug/blue-mug',
      `GET product products/${USER}`,
    ]);
  });

  it('refuses a token whose subject could not be a path segment', async () => {
    const res = await request(app)
      .get('/api/v1/me')
      .set('authorization', `Bearer ${await token('..')}`);
    expect(res.status).toBe(401);
    expect(dapr.calls).toEqual([]);
  });
});
