import request from 'supertest';
import {
  createLogger,
  createServiceApp,
  readiness,
  subscriptionGaps,
  Subscriptions,
  type SidecarMetadata,
} from '../src';

const declared = [
  { pubsubname: 'pubsub', topic: 'order.placed', route: '/events/order.placed' },
  { pubsubname: 'pubsub', topic: 'customer.deleted', route: '/events/customer.deleted' },
];
/** What daprd 1.16's `GET /v1.0/metadata` says when it took up both. */
const loadedBoth: SidecarMetadata = {
  components: [
    { name: 'pubsub', type: 'pubsub.redis' },
    { name: 'statestore', type: 'state.postgresql' },
  ],
  subscriptions: declared.map((d) => ({
    pubsubname: d.pubsubname,
    topic: d.topic,
    rules: [{ path: d.route }],
  })),
};

describe('subscriptionGaps', () => {
  it('finds nothing missing when the sidecar delivers every declared topic to its route', () => {
    expect(subscriptionGaps(declared, loadedBoth)).toEqual([]);
  });

  it('names each topic the sidecar did not take up (its one call to /dapr/subscribe failed)', () => {
    expect(subscriptionGaps(declared, { components: loadedBoth.components })).toEqual([
      'order.placed: not subscribed by the sidecar',
      'customer.deleted: not subscribed by the sidecar',
    ]);
    const one = { ...loadedBoth, subscriptions: loadedBoth.subscriptions!.slice(0, 1) };
    expect(subscriptionGaps(declared, one)).toEqual(['customer.deleted: not subscribed by the sidecar']);
  });

  it('names a topic delivered to another route, or only under a rule', () => {
    const elsewhere: SidecarMetadata = {
      ...loadedBoth,
      subscriptions: [
        { pubsubname: 'pubsub', topic: 'order.placed', rules: [{ path: '/old/order.placed' }] },
        {
          pubsubname: 'pubsub',
          topic: 'customer.deleted',
          rules: [{ match: 'event.x == 1', path: '/events/customer.deleted' }],
        },
      ],
    };
    expect(subscriptionGaps(declared, elsewhere)).toEqual([
      'order.placed: delivered to /old/order.placed, not /events/order.placed',
      'customer.deleted: delivered to /events/customer.deleted when event.x == 1, not /events/customer.deleted',
    ]);
  });

  it('names a subscription on a pub/sub component the sidecar did not load (scoped away, failed to start)', () => {
    const noBroker = { ...loadedBoth, components: [{ name: 'statestore', type: 'state.postgresql' }] };
    expect(subscriptionGaps(declared.slice(0, 1), noBroker)).toEqual([
      "order.placed: the sidecar has no pub/sub component 'pubsub' (not loaded: see its log)",
    ]);
  });
});

describe('the subscriptions readiness check', () => {
  const subscriptions = new Subscriptions()
    .subscribe('order.placed', async () => undefined)
    .subscribe('customer.deleted', async () => undefined);

  it('declares what /dapr/subscribe serves', () => {
    expect(subscriptions.declared).toEqual(declared);
  });

  it('makes a service degraded (not down, yet not ready) while a subscription is missing', async () => {
    const missing = subscriptions.loadedBy({ metadata: async () => ({ components: loadedBoth.components }) });
    const report = await readiness('order', { database: async () => undefined, subscriptions: missing }, [
      'subscriptions',
    ]);
    expect(report.status).toBe('degraded');
    expect(report.checks.subscriptions).toEqual({
      status: 'down',
      detail: 'order.placed: not subscribed by the sidecar; customer.deleted: not subscribed by the sidecar',
    });
    const loaded = subscriptions.loadedBy({ metadata: async () => loadedBoth });
    expect((await readiness('order', { subscriptions: loaded }, ['subscriptions'])).status).toBe('ok');
  });

  it('is down when another check fails too', async () => {
    const missing = subscriptions.loadedBy({ metadata: async () => ({}) });
    const failing = async () => {
      throw new Error('no database');
    };
    const report = await readiness('order', { database: failing, subscriptions: missing }, ['subscriptions']);
    expect(report.status).toBe('down');
  });

  it('is not ready (503) on /readyz while the sidecar lacks its pub/sub component, saying so', async () => {
    const logger = createLogger('test');
    logger.level = 'silent';
    const app = (metadata: SidecarMetadata) =>
      createServiceApp({
        service: 'order',
        logger,
        routes: () => undefined,
        subscriptions,
        sidecar: { metadata: async () => metadata },
      });
    // daprd skipped a component it could not initialize (`ignoreErrors: true`): its
    // subscriptions may still be listed, but nothing delivers them.
    const skipped = await request(app({ ...loadedBoth, components: [] })).get('/readyz');
    expect(skipped.status).toBe(503);
    expect(skipped.body.status).toBe('degraded');
    expect(skipped.body.checks.subscriptions.detail).toContain(
      "order.placed: the sidecar has no pub/sub component 'pubsub' (not loaded: see its log)",
    );
    expect((await request(app(loadedBoth)).get('/readyz')).status).toBe(200);
    expect((await request(app({})).get('/healthz')).status).toBe(200);
  });
});
