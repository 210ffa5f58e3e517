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
