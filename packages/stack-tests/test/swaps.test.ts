/**
 * "Swapping infrastructure without code changes" (README): for each file of
 * components/alternatives/ that runs on this machine, the whole stack is restarted with only
 * that file swapped in (SIDECART_SWAP: scripts/profile.mjs renders it into the test profile's
 * components, a copy; the repository's components/ stay as they are), every sidecar reports
 * the swapped component, and one complete checkout goes through the public gateway to
 * CONFIRMED with exact stock. The brokers are asked what they carried: the test profile's
 * topics only (`test.` prefix), and JetStream one durable consumer per topic.
 *
 * The file restarts the whole stack, so it starts it again at the end exactly as the suite
 * started it (default components), for the files jest runs after it. Each variant prints its
 * timings: stopping, starting, and the checkout. The MongoDB state store needs a real MongoDB
 * (FerretDB lacks the TTL index it creates) and is not part of this file.
 */
import { listening, natsRequest, rabbitExchanges, watchMqttTopics } from '../src/brokers';
import {
  approveOnPayPal,
  capture,
  checkout,
  createProduct,
  fillCart,
  newShopper,
  untilStatus,
  untilStock,
  withApproveUrl,
} from '../src/shop';
import { restartStack, stackIsOurs } from '../src/restart';
import { PROFILE, SIDECAR, localSecrets, sidecarUrl } from '../src/stack';

type Swap = {
  name: string;
  /** The file of components/alternatives/ swapped in. */
  file: string;
  component: 'pubsub' | 'secretstore';
  type: string;
  /** The broker's port on 127.0.0.1: the variant is skipped (and says so) when nothing answers. */
  port?: number;
  /** Extra environment for the stack (the environment secret store reads the secrets there). */
  env?: () => Record<string, string>;
  /** Asked of the broker after the checkout. */
  brokerSaw?: (watch: { mqttTopics?: Set<string> }) => Promise<void>;
};

/** Topics of the checkout's saga, each of which this checkout publishes. */
const CHECKOUT_TOPICS = ['order.placed', 'stock.reserved', 'payment.succeeded', 'order.confirmed'];

const SWAPS: Swap[] = [
  {
    name: 'RabbitMQ',
    file: 'pubsub-rabbitmq.yaml',
    component: 'pubsub',
    type: 'pubsub.rabbitmq',
    port: 5672,
    brokerSaw: async () => {
      const exchanges = rabbitExchanges();
      for (const topic of CHECKOUT_TOPICS) expect(exchanges).toContain(`${PROFILE}.${topic}`);
    },
  },
  {
    name: 'MQTT (Mosquitto)',
    file: 'pubsub-mqtt.yaml',
    component: 'pubsub',
    type: 'pubsub.mqtt3',
    port: 1883,
    brokerSaw: async ({ mqttTopics = new Set() }) => {
      const seen = [...mqttTopics].filter((t) => !t.startsWith('$'));
      for (const topic of CHECKOUT_TOPICS) expect(seen).toContain(`${PROFILE}.${topic}`);
      // Nothing on the shop's own topics (the dev profile's), which this run would have fed.
      expect(seen.filter((t) => CHECKOUT_TOPICS.includes(t))).toEqual([]);
    },
  },
  {
    name: 'NATS JetStream',
    file: 'pubsub-jetstream.yaml',
    component: 'pubsub',
    type: 'pubsub.jetstream',
    port: 4222,
    brokerSaw: async () => {
      const stream = `sidecart_${PROFILE}`;
      const info = await natsRequest(`$JS.API.STREAM.INFO.${stream}`);
      expect(info.config?.subjects).toEqual([`${PROFILE}.sidecart.>`]);
      expect(info.state?.messages).toBeGreaterThan(0);
      // One durable consumer per app and topic (the product service reserves on order.placed,
      // the order service moves on stock.reserved and payment.succeeded).
      const { consumers } = await natsRequest(`$JS.API.CONSUMER.NAMES.${stream}`, '{}');
      const perTopic: [string, string][] = [
        ['product', 'order.placed'],
        ['order', 'stock.reserved'],
        ['order', 'payment.succeeded'],
      ];
      for (const [app, topic] of perTopic)
        expect(consumers).toContain(`${app}-${PROFILE}_sidecart_${topic.replace('.', '_')}`);
    },
  },
  {
    name: 'secrets from the environment',
    file: 'secretstore-env.yaml',
    component: 'secretstore',
    type: 'secretstores.local.env',
    // The test profile's secrets (its own databases), exported as the README says.
    env: () => localSecrets(),
  },
];

const ourStack = stackIsOurs();
const timings: string[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The components a sidecar loaded, by name → type (Dapr's metadata API). */
async function componentsOf(app: keyof typeof SIDECAR): Promise<Record<string, string>> {
  const res = await fetch(`${sidecarUrl(app)}/metadata`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { components: { name: string; type: string }[] };
  return Object.fromEntries(body.components.map((c) => [c.name, c.type]));
}

/** One complete checkout through the gateway: cart, order, reservation, PayPal, capture, CONFIRMED. */
async function completeCheckout(): Promise<void> {
  const shopper = newShopper();
  const product = await createProduct(5, 1250);
  await fillCart(shopper, [{ productId: product.id, quantity: 2 }]);
  const placed = await checkout(shopper);
  expect(placed.status).toBe(201);
  const reserved = await withApproveUrl(shopper, placed.body.id);
  expect(reserved.status).toBe('STOCK_RESERVED');
  await approveOnPayPal(reserved.payment.approveUrl);
  const captured = await capture(shopper, placed.body.id);
  expect(captured.status).toBe(200);
  const confirmed = await untilStatus(shopper, placed.body.id, ['CONFIRMED']);
  expect(confirmed.history.map((h: { status: string }) => h.status)).toEqual([
    'PENDING',
    'STOCK_RESERVED',
    'PAID',
    'CONFIRMED',
  ]);
  await untilStock(product.id, { onHand: 3, reserved: 0, available: 3 });
}

describe('swapping infrastructure without code changes (components/alternatives/)', () => {
  let swapped = false;

  afterAll(async () => {
    // Back to the stack the suite started: default components, same profile and token.
    if (swapped) {
      const { stopMs, startMs } = await restartStack('default', {});
      timings.push(`  restore default components: stop ${seconds(stopMs)}, start ${seconds(startMs)}`);
      const order = await componentsOf('order');
      expect(order.pubsub).toBe('pubsub.redis');
      expect(order.secretstore).toBe('secretstores.local.file');
    }
    if (timings.length) process.stdout.write(`\nswaps (components/alternatives/):\n${timings.join('\n')}\n`);
  }, 300_000);

  for (const swap of SWAPS) {
    const runs = ourStack && (swap.port === undefined || listening(swap.port));
    const why = !ourStack
      ? 'the suite did not start the stack (SIDECART_REUSE_STACK): it cannot be restarted here'
      : `nothing answers on 127.0.0.1:${swap.port}`;
    if (!runs) {
      timings.push(`  ${swap.name} (${swap.file}): skipped, ${why}`);
      it.skip(`${swap.name} (${swap.file}): skipped, ${why}`, () => undefined);
      continue;
    }

    it(`${swap.name} (${swap.file}): the stack runs on it and a checkout reaches CONFIRMED`, async () => {
      swapped = true;
      const { stopMs, startMs } = await restartStack(swap.file.replace(/\.yaml$/, ''), {
        SIDECART_SWAP: swap.file,
        ...(swap.env?.() ?? {}),
      });
      // Every sidecar in the component's scope runs the swapped component.
      for (const app of ['customer', 'product', 'order', 'payment'] as const)
        expect((await componentsOf(app))[swap.component]).toBe(swap.type);

      const began = Date.now();
      const mqtt = swap.type === 'pubsub.mqtt3' ? watchMqttTopics(`${PROFILE}.swaps-probe`) : undefined;
      await mqtt?.ready;
      let mqttTopics: Set<string> | undefined;
      try {
        await completeCheckout();
      } finally {
        mqttTopics = mqtt?.stop();
        timings.push(
          `  ${swap.name} (${swap.file}): stop ${seconds(stopMs)}, start ${seconds(startMs)}, checkout ${seconds(Date.now() - began)}`,
        );
      }
      await swap.brokerSaw?.({ mqttTopics });
    }, 420_000);
  }
});
