/**
 * Services accept calls only through Dapr: the sidecar API wants the run's
 * DAPR_API_TOKEN, and each app wants the APP_API_TOKEN only its sidecar sends.
 */
import { fetchWithoutToken } from '../src/sidecar-token';
import { sidecarUrl } from '../src/stack';

const APP_PORTS = { customer: 5001, product: 5002, order: 5003, payment: 5004 } as const;

describe('only Dapr gets in', () => {
  it.each(Object.keys(APP_PORTS) as (keyof typeof APP_PORTS)[])(
    'the %s sidecar refuses API calls without the Dapr API token',
    async (app) => {
      const res = await fetchWithoutToken(`${sidecarUrl(app)}/invoke/${app}/method/readyz`);
      expect(res.status).toBe(401);
      const withToken = await fetch(`${sidecarUrl(app)}/invoke/${app}/method/readyz`);
      expect(withToken.status).toBe(200);
    },
  );

  it.each(Object.entries(APP_PORTS))(
    'the %s app refuses a direct call that bypasses its sidecar',
    async (_app, port) => {
      const res = await fetchWithoutToken(`http://127.0.0.1:${port}/dapr/subscribe`);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const forged = await fetchWithoutToken(`http://127.0.0.1:${port}/dapr/subscribe`, {
        headers: { 'dapr-api-token': 'guess' },
      });
      expect(forged.status).toBe(401);
      // Liveness and readiness stay open for probes.
      expect((await fetchWithoutToken(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    },
  );
});

/**
 * Dapr access control (components/config/<app>.yaml): sidecars identify each other by their
 * mTLS certificates from sentry, and each service lets in only its intended callers.
 */
describe('only the intended callers may invoke a service', () => {
  const invokeVia = (
    caller: keyof typeof APP_PORTS | 'gateway',
    target: string,
    path: string,
    method = 'GET',
  ) =>
    fetch(`${sidecarUrl(caller)}/invoke/${target}/method/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });

  it.each([
    ['gateway', 'customer', 'readyz', 'GET', 200],
    ['gateway', 'payment', 'readyz', 'GET', 200],
    ['payment', 'customer', 'readyz', 'GET', 403],
    ['product', 'order', 'readyz', 'GET', 403],
    ['customer', 'product', 'products?limit=1', 'GET', 403],
    ['order', 'product', 'categories', 'GET', 403],
    ['order', 'payment', 'readyz', 'GET', 403],
    ['order', 'payment', 'payments', 'POST', 400],
    ['payment', 'order', 'orders', 'POST', 403],
    ['customer', 'gateway', 'healthz', 'GET', 403],
  ] as const)('%s → %s /%s (%s) answers %s', async (caller, target, path, method, expected) => {
    const res = await invokeVia(caller, target, path, method);
    expect(res.status).toBe(expected);
    if (expected === 403) expect(await res.text()).toMatch(/PermissionDenied|access control policy/i);
  });

  it('the order service may read a product (price snapshots), but not change one', async () => {
    const list = (await (await invokeVia('gateway', 'product', 'products?limit=1')).json()) as {
      items: { id: string }[];
    };
    const id = list.items[0]!.id;
    expect((await invokeVia('order', 'product', `products/${id}`)).status).toBe(200);
    expect((await invokeVia('order', 'product', `products/${id}`, 'PATCH')).status).toBe(403);
  });

  it('a sidecar hands its app only the secrets it needs', async () => {
    expect((await fetch(`${sidecarUrl('order')}/secrets/secretstore/ORDER_DATABASE_URL`)).status).toBe(200);
    expect((await fetch(`${sidecarUrl('order')}/secrets/secretstore/PAYPAL_CLIENT_SECRET`)).status).toBe(403);
    expect((await fetch(`${sidecarUrl('product')}/secrets/secretstore/GATEWAY_JWT_SECRET`)).status).toBe(403);
  });
});
