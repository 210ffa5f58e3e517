import { healthSummary } from '../src/domain/health-summary';

const ok = (latencyMs = 3) => ({
  status: 'ok' as const,
  checks: { database: { status: 'ok' as const }, subscriptions: { status: 'ok' as const } },
  latencyMs,
});

describe('healthSummary (what npm start prints)', () => {
  it('lists each service and says that all is well only when it is', () => {
    const lines = healthSummary({
      status: 'ok',
      gateway: 'ok',
      services: { customer: ok(4), order: ok(12) },
    });
    expect(lines).toEqual([
      'customer  ok        database, subscriptions ok  (4 ms)',
      'order     ok        database, subscriptions ok  (12 ms)',
      'all 2 services ok, every subscription taken up by its sidecar',
    ]);
  });

  it('says clearly which subscriptions failed instead of claiming all is well', () => {
    const lines = healthSummary({
      status: 'degraded',
      gateway: 'ok',
      services: {
        customer: ok(),
        order: {
          status: 'degraded',
          checks: {
            database: { status: 'ok' },
            subscriptions: { status: 'down', detail: 'customer.deleted: not subscribed by the sidecar' },
          },
          latencyMs: 5,
        },
        payment: { status: 'down', detail: 'payment did not answer within 3000 ms', latencyMs: 3000 },
      },
    });
    expect(lines[1]).toBe(
      'order     degraded  subscriptions down: customer.deleted: not subscribed by the sidecar  (5 ms)',
    );
    expect(lines[2]).toBe('payment   down      payment did not answer within 3000 ms  (3000 ms)');
    expect(lines.slice(-2)).toEqual([
      'SUBSCRIPTIONS FAILED in order: those services miss events until their sidecar restarts',
      'NOT HEALTHY: order degraded, payment down',
    ]);
    expect(lines.join('\n')).not.toMatch(/all .* ok/);
  });
});
