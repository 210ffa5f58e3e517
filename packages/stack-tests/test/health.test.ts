/**
 * The system health through the public gateway: the overall status for anyone, the details of
 * every service only for an admin, and a burst of health calls costs the services one round.
 * The gateway's internal port (127.0.0.1:8079) gives the operator every service's details,
 * each sidecar's subscriptions included, without a token. A service whose sidecar could not
 * start its pub/sub component is not ready, and says why.
 */
import fs from 'node:fs';
import path from 'node:path';
import { api } from '../src/api';
import { sidecarCommand, startSidecar, stopSidecar } from '../src/apps';
import { stackIsOurs } from '../src/restart';
import { ADMIN, newShopper } from '../src/shop';
import { ARTIFACTS, GATEWAY, eventually, systemHealthy } from '../src/stack';

const INTERNAL = 'http://127.0.0.1:8079';

describe('system health', () => {
  it('tells an anonymous caller or a shopper the overall status only', async () => {
    for (const who of [undefined, newShopper()]) {
      const res = await api('GET', '/system/health', who);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    }
  });

  it('tells an admin how each service and its database and sidecar are', async () => {
    const res = await api('GET', '/system/health', ADMIN);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.services).sort()).toEqual([
      'customer',
      'order',
      'payment',
      'product',
      'recommendations',
    ]);
    expect(res.body.services.order.checks).toMatchObject({ database: { status: 'ok' } });
  });

  it('answers every service’s details on the internal port, subscriptions included, and only the status publicly', async () => {
    const res = await fetch(`${INTERNAL}/health`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { status: string; services: Record<string, { checks: unknown }> };
    expect(report.status).toBe('ok');
    expect(Object.keys(report.services).sort()).toEqual([
      'customer',
      'order',
      'payment',
      'product',
      'recommendations',
    ]);
    for (const service of ['customer', 'order', 'payment', 'product']) {
      expect(report.services[service]?.checks).toMatchObject({
        database: { status: 'ok' },
        sidecar: { status: 'ok' },
        subscriptions: { status: 'ok' },
      });
    }
    // The Go service keeps its data in the state store, through its sidecar.
    expect(report.services.recommendations?.checks).toMatchObject({
      statestore: { status: 'ok' },
      sidecar: { status: 'ok' },
      subscriptions: { status: 'ok' },
    });
    const summary = await fetch(`${INTERNAL}/health/summary`);
    expect(await summary.text()).toMatch(/^order +ok +database, sidecar, subscriptions ok/m);

    const anonymous = await api('GET', '/system/health');
    expect(anonymous.body).toEqual({ status: 'ok' });
    // The internal routes are not routed on the public port.
    expect((await fetch(`${GATEWAY}/health`)).status).toBe(404);
    expect((await fetch(`${GATEWAY}/health/summary`)).status).toBe(404);
  });

  it('says a service is not ready when its sidecar could not start its pub/sub component, and why', async () => {
    if (!stackIsOurs()) return; // a running shop (SIDECART_REUSE_STACK) is not restarted
    // The payment sidecar again, on a copy of its components whose broker host does not resolve,
    // with `ignoreErrors: true`: daprd starts without the component instead of exiting.
    const command = sidecarCommand('payment');
    const at = command.args.indexOf('--resources-path') + 1;
    expect(at).toBeGreaterThan(0);
    const broken = fs.mkdtempSync(path.join(ARTIFACTS, 'components-unreachable-broker-'));
    fs.cpSync(command.args[at]!, broken, { recursive: true });
    const pubsub = path.join(broken, 'pubsub.yaml');
    const text = fs.readFileSync(pubsub, 'utf8');
    const unreachable = text
      .replace(/(- name: redisHost\n\s+value: )\S+/, '$1pubsub.invalid:6379')
      .replace(/^spec:\n/m, 'spec:\n  ignoreErrors: true\n');
    expect(unreachable).toContain('pubsub.invalid:6379');
    expect(unreachable).toContain('ignoreErrors: true');
    fs.writeFileSync(pubsub, unreachable);
    await stopSidecar('payment');
    try {
      const args = command.args.map((a, i) => (i === at ? broken : a));
      await startSidecar({ ...command, args });
      const seen = await eventually(
        async () => {
          const res = await api('GET', '/system/health', ADMIN);
          return res.body.services?.payment?.status === 'degraded' ? res : undefined;
        },
        { within: 30_000, what: 'the payment service to report its missing pub/sub component' },
      );
      // Not ready: its own /readyz (what a readiness probe asks; health probes need no token) is 503.
      const ready = await fetch('http://127.0.0.1:5004/readyz');
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toBe('degraded');
      expect(seen.status).toBe(503);
      expect(seen.body.status).toBe('degraded');
      expect(seen.body.services.payment.checks.subscriptions).toEqual({
        status: 'down',
        detail: expect.stringContaining(
          "the sidecar has no pub/sub component 'pubsub' (not loaded: see its log)",
        ),
      });
      expect(seen.body.services.order.status).toBe('ok');
      const anonymous = await api('GET', '/system/health');
      expect(anonymous.status).toBe(503);
      expect(anonymous.body).toEqual({ status: 'degraded' });
      // What `npm start` prints.
      const summary = await (await fetch(`${INTERNAL}/health/summary`)).text();
      expect(summary).toMatch(/^payment +degraded +subscriptions down: .*no pub\/sub component 'pubsub'/m);
      expect(summary).toMatch(/^SUBSCRIPTIONS FAILED in payment:/m);
    } finally {
      await stopSidecar('payment');
      await startSidecar(command);
      await eventually(async () => ((await systemHealthy()) ? true : undefined), {
        within: 60_000,
        what: 'every service to be ready again',
      });
    }
  }, 180_000);

  it('answers a burst of 100 calls from one round of checks, rate limited like any read', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => api('GET', '/system/health', ADMIN)));
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect(answers.some((a) => a.headers.get('ratelimit-limit'))).toBe(true);
    // Every answer of one round reports the same latencies: the services were asked once, not per call.
    const rounds = new Set(
      answers.filter((a) => a.status === 200).map((a) => JSON.stringify(a.body.services)),
    );
    expect(rounds.size).toBeLessThanOrEqual(3);
  });
});
