/**
 * The swap matrix ("Swapping infrastructure without code changes", README): the shop runs on
 * every backing of `components/alternatives/` that answers on this machine, switched only by
 * component YAML. Each variant renders the test profile's components with that one file swapped
 * in (SIDECART_SWAP: scripts/profile.mjs writes a copy; the repository's components/ stay as they
 * are), restarts only the sidecars in the scope of what changed (a pub/sub swap: customer,
 * product, order, payment; a state store swap: gateway and order), checks that each of them
 * loaded the swapped component, and then goes through the public gateway:
 *
 *   - pub/sub (Redis Streams, RabbitMQ, MQTT, NATS JetStream): a checkout to CONFIRMED with
 *     exact stock, and a compensation: PayPal declines the card, the shopper cancels the order
 *     (a decline keeps the stock for a retry), and the reserved stock is released exactly. The broker is asked what it carried; on JetStream an
 *     event its subscriber drops lands on `<topic>.dlq`'s subject, kept by the stream.
 *   - state store (PostgreSQL, Redis, MySQL/MariaDB, MongoDB where a real MongoDB answers): the
 *     cart's ETag concurrency (a stale If-Match and a blind write are 409, the cart is in that
 *     store) and a checkout from the cart.
 *   - secret store (environment variables): every app reads its secrets at start, so this one
 *     restarts the whole stack.
 *
 * A copy with a wrong host must fail its variant within a minute with daprd's own error, not hang.
 * Each variant prints one line (name, result, time) and the file prints its total time. At the
 * end the stack runs on the default components again, for the files jest runs after this one.
 * Measured on this 2-core machine (shared): 75 s for the whole file (194 s under heavy load);
 * a broker swap restarts four sidecars in about 4 s, a state store swap two in 1.3-3 s, the
 * whole stack (the environment secret store, and back) takes 16-65 s each way.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listenerName, sidecarCommand, startSidecar, stopSidecar, type SidecarCommand } from '../src/apps';
import { api } from '../src/api';
import { brokerLinkEnv } from '../src/broker';
import {
  daprStateKey,
  inMySqlState,
  inPostgresState,
  inRedis,
  listening,
  natsLastMessage,
  natsRequest,
  noRealMongoDb,
  rabbitExchanges,
  watchMqttTopics,
} from '../src/brokers';
import {
  approvedOrder,
  approveOnPayPal,
  capture,
  checkout,
  createProduct,
  fillCart,
  newShopper,
  untilDeclineRecorded,
  untilStatus,
  untilStock,
  withApproveUrl,
  type Who,
} from '../src/shop';
import { restartStack as restartWholeStack } from '../src/restart';
import {
  DATA,
  PROFILE,
  ROOT,
  SIDECAR,
  STACK_PID_FILE,
  SYSTEM_PORTS,
  eventually,
  localSecrets,
  portOpen,
  sidecarUrl,
  systemHealthy,
} from '../src/stack';

type App = keyof typeof SIDECAR;
const APPS = Object.keys(SIDECAR) as App[];
type Component = 'pubsub' | 'statestore' | 'secretstore';
const COMPONENTS: Component[] = ['pubsub', 'statestore', 'secretstore'];
const COMPONENTS_DIR = path.join(DATA, 'components');
/** A variant must be up (or have failed) within this: a wrong host is an error, not a hang. */
const START_WITHIN_MS = 60_000;

/** What a variant's flows found, for the broker's and the store's checks. */
type Seen = { mqttTopics?: Set<string>; cartKey?: string };

type Variant = {
  component: Component;
  name: string;
  /** The file of components/alternatives/ swapped in; none for the default. */
  file?: string;
  type: string;
  /** Why the variant cannot run on this machine (printed and reported as skipped). */
  unavailable?: () => string | undefined;
  /** A further check that needs to ask the server (printed as skipped, when it says why). */
  unavailableAsked?: () => Promise<string | undefined>;
  /** Environment of the whole stack: such a variant restarts the stack, not only sidecars. */
  stackEnv?: () => Record<string, string>;
  /** Asked of the broker or the store after the flows. */
  saw?: (seen: Seen) => Promise<void> | void;
};

/** Topics of the checkout's saga, each of which a checkout publishes. */
const CHECKOUT_TOPICS = ['order.placed', 'stock.reserved', 'payment.succeeded', 'order.confirmed'];
const JETSTREAM = `sidecart_${PROFILE}`;
const JETSTREAM_SUBJECTS = `${PROFILE}.sidecart.`;
const noListener = (port: number) => (listening(port) ? undefined : `nothing answers on 127.0.0.1:${port}`);

/** The rendered component's metadata value (the profile's own database numbers and names). */
function renderedValue(component: Component, name: string): string {
  const text = fs.readFileSync(path.join(COMPONENTS_DIR, `${component}.yaml`), 'utf8');
  const value = new RegExp(`- name: ${name}\\n\\s+value: ['"]?([^'"\\n]+)`).exec(text)?.[1];
  if (value === undefined) throw new Error(`${component}.yaml has no ${name}`);
  return value;
}

const PUBSUB: Variant[] = [
  {
    component: 'pubsub',
    name: 'Redis Streams (default)',
    type: 'pubsub.redis',
    saw: async () => {
      const db = Number(renderedValue('pubsub', 'redisDB'));
      for (const topic of CHECKOUT_TOPICS) expect(await inRedis(db, topic)).toBe(true);
    },
  },
  {
    component: 'pubsub',
    name: 'RabbitMQ',
    file: 'pubsub-rabbitmq.yaml',
    type: 'pubsub.rabbitmq',
    unavailable: () => noListener(5672),
    saw: () => {
      const exchanges = rabbitExchanges();
      for (const topic of CHECKOUT_TOPICS) expect(exchanges).toContain(`${PROFILE}.${topic}`);
    },
  },
  {
    component: 'pubsub',
    name: 'MQTT (Mosquitto)',
    file: 'pubsub-mqtt.yaml',
    type: 'pubsub.mqtt3',
    unavailable: () => noListener(1883),
    saw: ({ mqttTopics = new Set() }) => {
      const seen = [...mqttTopics].filter((t) => !t.startsWith('$'));
      for (const topic of CHECKOUT_TOPICS) expect(seen).toContain(`${PROFILE}.${topic}`);
      // Nothing on the shop's own topics (the dev profile's), which this run would have fed.
      expect(seen.filter((t) => CHECKOUT_TOPICS.includes(t))).toEqual([]);
    },
  },
  {
    component: 'pubsub',
    name: 'NATS JetStream',
    file: 'pubsub-jetstream.yaml',
    type: 'pubsub.jetstream',
    unavailable: () => noListener(4222),
    saw: async () => {
      const info = await natsRequest(`$JS.API.STREAM.INFO.${JETSTREAM}`);
      expect(info.config?.subjects).toEqual([`${JETSTREAM_SUBJECTS}>`]);
      expect(info.state?.messages).toBeGreaterThan(0);
      // One durable consumer per app and topic (the product service reserves on order.placed,
      // the order service moves on stock.reserved and payment.succeeded).
      const { consumers } = await natsRequest(`$JS.API.CONSUMER.NAMES.${JETSTREAM}`, '{}');
      const perTopic: [string, string][] = [
        ['product', 'order.placed'],
        ['order', 'stock.reserved'],
        ['order', 'payment.succeeded'],
      ];
      for (const [app, topic] of perTopic)
        expect(consumers).toContain(`${app}-${PROFILE}_sidecart_${topic.replace('.', '_')}`);
      await deadLettersOnJetStream();
    },
  },
];

const CART_KEY = (who: Who) => daprStateKey('order', `cart-${who.userId}`);

const STATESTORES: Variant[] = [
  {
    component: 'statestore',
    name: 'PostgreSQL (default)',
    type: 'state.postgresql',
    saw: async ({ cartKey }) =>
      expect(
        await inPostgresState(localSecrets().STATESTORE_CONNECTION_STRING!, 'dapr_state', cartKey!),
      ).toBe(true),
  },
  {
    component: 'statestore',
    name: 'Redis',
    file: 'statestore-redis.yaml',
    type: 'state.redis',
    saw: async ({ cartKey }) =>
      expect(await inRedis(Number(renderedValue('statestore', 'redisDB')), cartKey!)).toBe(true),
  },
  {
    component: 'statestore',
    name: 'MySQL/MariaDB',
    file: 'statestore-mysql.yaml',
    type: 'state.mysql',
    unavailable: () => noListener(3306),
    saw: ({ cartKey }) =>
      expect(
        inMySqlState(
          localSecrets().STATESTORE_MYSQL_CONNECTION_STRING!,
          renderedValue('statestore', 'schemaName'),
          renderedValue('statestore', 'tableName'),
          cartKey!,
        ),
      ).toBe(true),
  },
  {
    component: 'statestore',
    name: 'MongoDB',
    file: 'statestore-mongodb.yaml',
    type: 'state.mongodb',
    unavailable: () => {
      if (!listening(27017)) return 'nothing answers on 127.0.0.1:27017';
      if (listenerName(27017) === 'ferretdb')
        return 'FerretDB answers on :27017, not MongoDB (it lacks the TTL index state.mongodb creates)';
      return undefined;
    },
    unavailableAsked: noRealMongoDb,
  },
];

const SECRETSTORES: Variant[] = [
  {
    component: 'secretstore',
    name: 'environment variables',
    file: 'secretstore-env.yaml',
    type: 'secretstores.local.env',
    // The test profile's secrets (its own databases), exported as the README says.
    stackEnv: () => localSecrets(),
  },
];

const ourStack = fs.existsSync(STACK_PID_FILE);
const began = Date.now();
const lines: string[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How each sidecar was started, read while it ran: a sidecar is restarted the same way. */
const commands = new Map<App, SidecarCommand>();
const readCommands = () => APPS.forEach((app) => commands.set(app, sidecarCommand(app)));
/** Extra environment the running stack was started with (a whole-stack variant). */
let stackEnv: Record<string, string> | undefined;

/** The apps a rendered component file is scoped to (every app when it names none). */
function scopeOf(text: string): App[] {
  // `scopes: [a, b]` as in components/, or a block list as scripts/profile.mjs writes it.
  const inline = /^scopes:\s*\[(.*)\]/m.exec(text)?.[1]?.split(',');
  const block = /^scopes:\s*\n((?:\s+- .*\n?)+)/m.exec(text)?.[1]?.split('\n');
  const scopes = (inline ?? block)?.map((s) => s.replace(/^\s*-\s*/, '').trim()).filter(Boolean);
  return scopes?.length ? (scopes as App[]) : APPS;
}

const rendered = () =>
  Object.fromEntries(
    COMPONENTS.map((c) => [c, fs.readFileSync(path.join(COMPONENTS_DIR, `${c}.yaml`), 'utf8')]),
  ) as Record<Component, string>;

/** Renders the test profile's components with `file` swapped in (none: the defaults). */
function render(file: string | undefined): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/profile.mjs'), PROFILE], {
    env: { ...process.env, SIDECART_SWAP: file ?? '', ...brokerLinkEnv() },
    stdio: 'ignore',
  });
}

/** The gateway's own view of every service (its internal port), for a failure's message. */
async function healthSummary(): Promise<string> {
  try {
    return await (await fetch('http://127.0.0.1:8079/health/summary')).text();
  } catch (err) {
    return `(no health summary: ${(err as Error).message})`;
  }
}

/**
 * Swaps `file` in (none: the defaults; `mutate` may then edit the rendered copy) and restarts
 * only the sidecars in the scope of a component that changed. Fails within START_WITHIN_MS: at
 * once with daprd's fatal error when a sidecar cannot initialize a component. Returns the apps
 * whose sidecars were restarted.
 */
async function swapSidecars(file: string | undefined, mutate?: () => void): Promise<App[]> {
  const before = rendered();
  render(file);
  mutate?.();
  const after = rendered();
  const changed = COMPONENTS.filter((c) => before[c] !== after[c]);
  const restarted = APPS.filter((app) =>
    changed.some((c) => scopeOf(before[c]).includes(app) || scopeOf(after[c]).includes(app)),
  );
  const deadline = Date.now() + START_WITHIN_MS;
  await Promise.all(restarted.map(stopSidecar));
  const started = await Promise.allSettled(
    restarted.map((app) => startSidecar(commands.get(app)!, { within: deadline - Date.now() })),
  );
  const failed = started.flatMap((s, i) =>
    s.status === 'rejected' ? [`${restarted[i]} sidecar: ${(s.reason as Error).message}`] : [],
  );
  if (failed.length) throw new Error(failed.join('\n'));
  // daprd takes up an app's subscriptions a moment after it turned healthy (the gateway has none).
  const subscribed = async (app: App) => {
    const body = (await (await fetch(`${sidecarUrl(app)}/metadata`)).json()) as { subscriptions?: unknown[] };
    return (body.subscriptions?.length ?? 0) > 0;
  };
  await eventually(
    async () => {
      const apps = restarted.filter((a) => a !== 'gateway');
      return (await Promise.all(apps.map(subscribed))).every(Boolean) ? true : undefined;
    },
    { within: Math.max(deadline - Date.now(), 1000), what: 'the restarted sidecars to subscribe' },
  );
  await eventually(async () => ((await systemHealthy()) ? true : undefined), {
    within: Math.max(deadline - Date.now(), 1000),
    what: 'every service to be ready',
  }).catch(async (err: Error) => {
    throw new Error(`${err.message}\n${await healthSummary()}`);
  });
  return restarted;
}

/** The whole stack again with `env` (src/restart.ts); then how each sidecar now runs. */
async function restartStack(label: string, env: Record<string, string>, within?: number): Promise<void> {
  await restartWholeStack(label, env, within);
  readCommands();
}

/** Brings the stack to `variant`'s components; says what it restarted. */
async function switchTo(variant: Variant): Promise<string> {
  if (variant.stackEnv) {
    await restartStack(variant.file!.replace(/\.yaml$/, ''), {
      SIDECART_SWAP: variant.file!,
      ...variant.stackEnv(),
    });
    stackEnv = variant.stackEnv();
    return 'the whole stack';
  }
  if (stackEnv) {
    // Back from a whole-stack variant: the apps read their secrets at start.
    await restartStack('default', {});
    stackEnv = undefined;
    if (!variant.file) return 'the whole stack';
  }
  const apps = await swapSidecars(variant.file);
  return apps.length ? `the ${apps.join(', ')} sidecars` : 'nothing';
}

/** The components a sidecar loaded, by name → type (Dapr's metadata API). */
async function componentsOf(app: App): Promise<Record<string, string>> {
  const res = await fetch(`${sidecarUrl(app)}/metadata`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { components: { name: string; type: string }[] };
  return Object.fromEntries(body.components.map((c) => [c.name, c.type]));
}

const history = (order: { history: { status: string }[] }) => order.history.map((h) => h.status);

/** One complete checkout through the gateway: cart, order, reservation, PayPal, capture, CONFIRMED. */
async function completeCheckout(shopper: Who = newShopper()): Promise<void> {
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
  expect(history(confirmed)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAID', 'CONFIRMED']);
  await untilStock(product.id, { onHand: 3, reserved: 0, available: 3 });
}

/**
 * The compensation: PayPal declines the card at capture, the payment fails (the order keeps
 * its stock for a retry), the shopper cancels, and the two units the saga reserved go back to
 * the shelf, no more and no less.
 */
async function declinedCheckout(): Promise<void> {
  const shopper = newShopper();
  const { product, orderId } = await approvedOrder(shopper, {
    onHand: 3,
    quantity: 2,
    action: 'approve-declining',
  });
  await untilStock(product.id, { onHand: 3, reserved: 2, available: 1 });
  const declined = await capture(shopper, orderId);
  expect(declined.status).toBe(200);
  expect(declined.body).toMatchObject({ status: 'FAILED', failureReason: 'INSTRUMENT_DECLINED' });
  // Declined: the order keeps its stock for a retry until the shopper gives up (or the approval times out).
  await untilDeclineRecorded(shopper, orderId);
  expect((await api('POST', `/orders/${orderId}/cancel`, shopper, {})).status).toBe(200);
  const cancelled = await untilStatus(shopper, orderId, ['CANCELLED']);
  expect(history(cancelled)).toEqual(['PENDING', 'STOCK_RESERVED', 'STOCK_RESERVED', 'CANCELLED']);
  await untilStock(product.id, { onHand: 3, reserved: 0, available: 3 });
}

/**
 * The cart through the state store's ETags: created, changed with the ETag read, then a write
 * with the stale ETag and a blind write (no If-Match on a cart that exists) are both 409
 * problems, and the cart keeps the accepted lines. Returns the shopper, whose cart is filled.
 */
async function cartConcurrency(): Promise<Who> {
  const owner = newShopper();
  const product = await createProduct(5, 450);
  const lines = (quantity: number) => ({ lines: [{ productId: product.id, quantity }] });
  const created = await api('PUT', '/cart', owner, lines(1));
  expect(created.status).toBe(200);
  const first = created.headers.get('etag');
  expect(first).toMatch(/.+/);
  const changed = await api('PUT', '/cart', owner, lines(2), { 'if-match': first! });
  expect(changed.status).toBe(200);
  expect(changed.headers.get('etag')).not.toBe(first);
  const stale = await api('PUT', '/cart', owner, lines(4), { 'if-match': first! });
  expect(stale.status).toBe(409);
  expect(stale.headers.get('content-type')).toMatch(/problem\+json/);
  const blind = await api('PUT', '/cart', owner, lines(5));
  expect(blind.status).toBe(409);
  expect(blind.headers.get('content-type')).toMatch(/problem\+json/);
  const cart = await api('GET', '/cart', owner);
  expect(cart.headers.get('etag')).toBe(changed.headers.get('etag'));
  expect(cart.body.lines).toMatchObject([{ productId: product.id, quantity: 2 }]);
  return owner;
}

/**
 * An event its subscriber drops (it breaks the topic's contract) goes to `<topic>.dlq`; on
 * JetStream that is the subject `<prefix>order.placed.dlq`, which the stream covers, so the
 * dead letter is kept (and can be replayed) rather than lost.
 */
async function deadLettersOnJetStream(): Promise<void> {
  const marker = `swaps-dead-letter-${randomUUID()}`;
  const res = await fetch(`${sidecarUrl('order')}/publish/pubsub/order.placed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ marker }),
  });
  expect(res.status).toBe(204);
  const subject = `${JETSTREAM_SUBJECTS}order.placed.dlq`;
  const kept = await eventually(
    async () => ((await natsLastMessage(JETSTREAM, subject))?.includes(marker) ? true : undefined),
    { within: 30_000, what: `the dropped event on ${subject} in stream ${JETSTREAM}` },
  );
  expect(kept).toBe(true);
}

/** Runs the variant's flows on the running stack, timing each; returns what they saw. */
async function flows(variant: Variant, times: string[]): Promise<Seen> {
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const value = await fn();
    times.push(`${label} ${seconds(Date.now() - t0)}`);
    return value;
  };
  const seen: Seen = {};
  if (variant.component === 'statestore') {
    const shopper = await timed('cart ETags', cartConcurrency);
    seen.cartKey = CART_KEY(shopper);
    await variant.saw?.(seen);
    await timed('checkout', () => completeCheckout(shopper));
    return seen;
  }
  const mqtt = variant.type === 'pubsub.mqtt3' ? watchMqttTopics(`${PROFILE}.swaps-probe`) : undefined;
  await mqtt?.ready;
  try {
    await timed('checkout', () => completeCheckout());
    if (variant.component === 'pubsub') await timed('declined', declinedCheckout);
  } finally {
    seen.mqttTopics = mqtt?.stop();
  }
  await variant.saw?.(seen);
  return seen;
}

describe('swap matrix: every backing of components/alternatives/ that runs here', () => {
  beforeAll(() => {
    if (ourStack) readCommands();
  });

  afterAll(async () => {
    // Back to the stack the suite started: default components, same profile and token.
    if (ourStack) {
      const t0 = Date.now();
      let restored = 'nothing';
      try {
        if (stackEnv) {
          await restartStack('default', {});
          stackEnv = undefined;
          restored = 'the whole stack';
        } else {
          const apps = await swapSidecars(undefined);
          if (apps.length) restored = `the ${apps.join(', ')} sidecars`;
        }
      } finally {
        lines.push(`  restore the default components: restarted ${restored}, ${seconds(Date.now() - t0)}`);
        process.stdout.write(
          `\nswap matrix (components/alternatives/), ${seconds(Date.now() - began)} in all:\n${lines.join('\n')}\n`,
        );
      }
      const order = await componentsOf('order');
      expect(order).toMatchObject({
        pubsub: 'pubsub.redis',
        statestore: 'state.postgresql',
        secretstore: 'secretstores.local.file',
      });
    }
  }, 300_000);

  for (const variant of [...PUBSUB, ...STATESTORES, ...SECRETSTORES]) {
    const label = `${variant.component} ${variant.name}${variant.file ? ` (${variant.file})` : ''}`;
    const why = !ourStack
      ? 'the suite did not start the stack (SIDECART_REUSE_STACK): it cannot be restarted here'
      : variant.unavailable?.();
    if (why) {
      lines.push(`  ${label}: skipped, ${why}`);
      it.skip(`${label}: skipped, ${why}`, () => undefined);
      continue;
    }
    it(`${label}: every sidecar in scope loads it and the shop works on it`, async () => {
      const asked = await variant.unavailableAsked?.();
      if (asked) {
        lines.push(`  ${label}: skipped, ${asked}`);
        return;
      }
      const t0 = Date.now();
      const times: string[] = [];
      try {
        const restarted = await switchTo(variant);
        times.unshift(`restarted ${restarted} in ${seconds(Date.now() - t0)}`);
        const scope = scopeOf(rendered()[variant.component]);
        for (const app of scope) expect((await componentsOf(app))[variant.component]).toBe(variant.type);
        await flows(variant, times);
        lines.push(`  ${label}: passed, ${seconds(Date.now() - t0)} (${times.join(', ')})`);
      } catch (err) {
        const first = String((err as Error).message).split('\n')[0];
        lines.push(`  ${label}: FAILED after ${seconds(Date.now() - t0)} (${times.join(', ')}): ${first}`);
        throw err;
      }
    }, 420_000);
  }

  it('npm start with a component its sidecars cannot initialize stops within a minute, with daprd’s error', async () => {
    if (!ourStack) return;
    // The environment secret store's variant, with the state store's host wrong in the environment:
    // scripts/start itself must stop (the test harness only waits for it to exit or turn healthy).
    const host = 'statestore.invalid';
    const secrets = localSecrets();
    const broken = secrets.STATESTORE_CONNECTION_STRING!.replace(/\bhost=\S+/, `host=${host}`);
    expect(broken).toContain(`host=${host}`);
    const t0 = Date.now();
    const failure = await restartStack(
      'broken-statestore',
      { SIDECART_SWAP: 'secretstore-env.yaml', ...secrets, STATESTORE_CONNECTION_STRING: broken },
      START_WITHIN_MS,
    ).then(
      () => undefined,
      (err: Error) => err,
    );
    const stopped = /scripts\/start exited with 1/.test(failure?.message ?? '');
    const outcome = stopped ? 'stopped as it should' : failure ? 'DID NOT STOP' : 'STARTED';
    lines.push(`  npm start with the state store's host ${host}: ${outcome}, ${seconds(Date.now() - t0)}`);
    try {
      expect(failure?.message).toMatch(/scripts\/start exited with 1/);
      // Which sidecar, which component, the host it could not reach; and that it stopped everything.
      expect(failure?.message).toMatch(new RegExp(`(gateway|order|recommendations): .*statestore.*${host}`));
      expect(failure?.message).toMatch(/A sidecar stopped while the system started; stopping everything/);
      const open = async () => (await Promise.all(SYSTEM_PORTS.map(portOpen))).some(Boolean);
      await eventually(async () => ((await open()) ? undefined : true), {
        within: 30_000,
        what: 'every port of the stopped start to be free',
      });
    } finally {
      // The stack the suite started, for the tests after this one.
      await restartStack('default', {});
      stackEnv = undefined;
    }
  }, 420_000);

  it('a component with a wrong host fails its variant within a minute, with the error that says so', async () => {
    if (!ourStack) return;
    const t0 = Date.now();
    const host = 'statestore.invalid';
    let failure: Error | undefined;
    try {
      await swapSidecars('statestore-redis.yaml', () => {
        const file = path.join(COMPONENTS_DIR, 'statestore.yaml');
        const broken = fs.readFileSync(file, 'utf8').replace(/localhost:6379/, `${host}:6379`);
        expect(broken).toContain(host);
        fs.writeFileSync(file, broken);
      });
    } catch (err) {
      failure = err as Error;
    }
    const took = Date.now() - t0;
    lines.push(
      `  statestore Redis with the wrong host ${host}: ${failure ? 'failed as it should' : 'STARTED'}, ${seconds(took)}` +
        (failure
          ? `: ${failure.message
              .split('\n')
              .find((l) => l.includes(host))
              ?.slice(0, 300)}`
          : ''),
    );
    expect(failure).toBeDefined();
    expect(took).toBeLessThan(START_WITHIN_MS + 5000);
    // daprd's own words: which component, and the host it could not reach.
    expect(failure!.message).toMatch(/statestore/);
    expect(failure!.message).toContain(host);
    // The stack comes back on the defaults (the next variant, or the end of the file, needs it).
    await swapSidecars(undefined);
  }, 240_000);
});
