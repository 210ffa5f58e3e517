/**
 * Attacks on the running shop, each asserting its effect: black-box through the public
 * gateway with real tokens, except where the subject is the sidecar boundary (named so).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { send, type RawAnswer } from '../src/api';
import { tokenFor } from '../src/tokens';
import { address, ADMIN, type Who } from '../src/shop';
import { eventually, sidecarUrl } from '../src/stack';

type Answer = RawAnswer;

/** Each test acts from its own client address (the gateway trusts X-Forwarded-For from loopback). */
const newClient = () => `198.51.100.${randomInt(1, 255)}`;

/** One request to the public gateway, sent as written (see `send`), from its own client address. */
async function api(
  method: string,
  path: string,
  options: { who?: Who; body?: unknown; client?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    'x-forwarded-for': options.client ?? newClient(),
    ...(options.headers ?? {}),
  };
  if (options.who) headers.authorization = `Bearer ${await tokenFor(options.who)}`;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return send(method, path, { headers, body: payload });
}

const PASSWORD = 'correct-horse-42';

async function signUp(client = newClient()): Promise<{ who: Who; email: string }> {
  const email = `sec-${randomUUID()}@example.com`;
  const res = await api('POST', '/customers', { client, body: { email, password: PASSWORD, name: 'Eve' } });
  expect(res.status).toBe(201);
  return { who: { userId: res.body.id, role: 'customer' }, email };
}

const expectProblemNaming = (res: Answer, path: string) => {
  expect(res.status).toBe(400);
  expect(res.type).toMatch(/application\/problem\+json/);
  expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
};

describe('a client cannot take a route down for others (breakers count only outages)', () => {
  it('6 invalid sign-ups, then a valid sign-up from another client → 201', async () => {
    const attacker = newClient();
    for (let i = 0; i < 6; i++) {
      const bad = await api('POST', '/customers', { client: attacker, body: { email: 'nope' } });
      expect(bad.status).toBe(400);
    }
    const email = `sec-${randomUUID()}@example.com`;
    const valid = await api('POST', '/customers', { body: { email, password: PASSWORD, name: 'Ada' } });
    expect(valid.status).toBe(201);
  });

  it('6 wrong passwords, then the right password → 200', async () => {
    // Six different accounts, so the per-account throttle (below) is not what answers: the
    // breaker on the sign-in path sees six 401s in a row and must not close it.
    const guesser = newClient();
    for (let i = 0; i < 6; i++) {
      const { email } = await signUp();
      const wrong = await api('POST', '/customers/credentials/verify', {
        client: guesser,
        body: { email, password: `wrong-horse-${i}0` },
      });
      expect(wrong.status).toBe(401);
    }
    const { email } = await signUp();
    const right = await api('POST', '/customers/credentials/verify', { body: { email, password: PASSWORD } });
    expect(right.status).toBe(200);
  });

  it('wrong passwords slow down guesses at one account from any address, and no other account', async () => {
    const { email } = await signUp();
    for (let i = 0; i < 5; i++) {
      const wrong = await api('POST', '/customers/credentials/verify', {
        client: newClient(),
        body: { email, password: `wrong-horse-${i}0` },
      });
      expect(wrong.status).toBe(401);
    }
    // A fresh address gets no fresh guesses at the same account.
    const throttled = await api('POST', '/customers/credentials/verify', {
      client: newClient(),
      body: { email, password: PASSWORD },
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const other = await signUp();
    const fine = await api('POST', '/customers/credentials/verify', {
      body: { email: other.email, password: PASSWORD },
    });
    expect(fine.status).toBe(200);
  });
});

describe('a burst from one client leaves sign-up and sign-in working for everyone else', () => {
  it('100 concurrent sign-ups and 20 wrong passwords from one client; others sign up (201) and sign in (200)', async () => {
    const attacker = newClient();
    const decoy = await signUp();
    const bystander = await signUp();
    const [signUps, guesses] = await Promise.all([
      Promise.all(
        Array.from({ length: 100 }, () =>
          api('POST', '/customers', {
            client: attacker,
            body: { email: `burst-${randomUUID()}@example.com`, password: PASSWORD, name: 'Burst' },
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api('POST', '/customers/credentials/verify', {
            client: attacker,
            body: { email: decoy.email, password: `wrong-horse-${i}0` },
          }),
        ),
      ),
    ]);
    // The attacker gets accounts until its budget is spent, then 429s; never a 5xx.
    const tally = (answers: Answer[]) =>
      answers.reduce<Record<number, number>>((t, a) => ({ ...t, [a.status]: (t[a.status] ?? 0) + 1 }), {});
    console.log('one client’s burst:', { signUps: tally(signUps), wrongPasswords: tally(guesses) });
    expect(signUps.every((a) => a.status === 201 || a.status === 429)).toBe(true);
    expect(signUps.some((a) => a.status === 429)).toBe(true);
    expect(guesses.every((a) => a.status === 401 || a.status === 429)).toBe(true);

    // Everyone else: a sign-up and a sign-in from other clients work at once.
    await signUp();
    const signIn = await api('POST', '/customers/credentials/verify', {
      body: { email: bystander.email, password: PASSWORD },
    });
    expect(signIn.status).toBe(200);
  });
});

describe('sidecar boundary: the gateway’s sidecar may reach only the route table', () => {
  /** As anyone holding the Dapr API token could, through the gateway's sidecar. */
  const viaGatewaySidecar = (app: string, path: string, method = 'GET', body?: unknown) =>
    fetch(`${sidecarUrl('gateway')}/invoke/${app}/method/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function unpaidOrder(): Promise<{ who: Who; order: { id: string; total: unknown } }> {
    const made = await api('POST', '/products', {
      who: ADMIN,
      body: {
        sku: `SEC-${randomUUID().slice(0, 8).toUpperCase()}`,
        name: 'Security test mug',
        description: 'A mug that exists only for one test',
        categories: ['kitchen'],
        price: { amount: 1500, currency: 'EUR' },
        onHand: 3,
      },
    });
    expect(made.status).toBe(201);
    const { who } = await signUp();
    const cart = await api('PUT', '/cart', {
      who,
      body: { lines: [{ productId: made.body.id, quantity: 1 }] },
    });
    expect(cart.status).toBe(200);
    const placed = await api('POST', '/orders', {
      who,
      body: { shippingAddress: address, currency: 'EUR' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(placed.status).toBe(201);
    const order = await eventually(
      async () => {
        const res = await api('GET', `/orders/${placed.body.id}`, { who });
        return res.body?.status === 'STOCK_RESERVED' && res.body.payment?.approveUrl ? res.body : undefined;
      },
      30_000,
      'the order to wait for payment',
    );
    return { who, order };
  }

  it('sidecar: invoking the order service’s payment.succeeded handler is refused; the order stays unpaid', async () => {
    const { who, order } = await unpaidOrder();
    const forged = await viaGatewaySidecar('order', 'events/payment.succeeded', 'POST', {
      id: randomUUID(),
      specversion: '1.0',
      type: 'com.dapr.event.sent',
      source: 'payment',
      datacontenttype: 'application/json',
      data: {
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        orderId: order.id,
        paymentId: randomUUID(),
        amount: order.total,
        providerCaptureId: 'FORGED',
      },
    });
    expect(forged.status).toBe(403);
    // Had the event been taken, the saga would have moved on by now.
    const after = await api('GET', `/orders/${order.id}`, { who });
    expect(after.body.status).toBe('STOCK_RESERVED');
    expect(after.body.history.map((h: { status: string }) => h.status)).not.toContain('PAID');
  });

  it('sidecar: a service path outside the route table is refused (payment, product reservations, refunds)', async () => {
    const open = await viaGatewaySidecar('payment', 'payments', 'POST', {});
    expect(open.status).toBe(403);
    const reservation = await viaGatewaySidecar('product', `reservations/${randomUUID()}`);
    expect(reservation.status).toBe(403);
    // Nor may the order service, which may open a payment, refund one.
    const refund = await fetch(
      `${sidecarUrl('order')}/invoke/payment/method/payments/order/${randomUUID()}/refund`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(refund.status).toBe(403);
    // A path of the table still goes through.
    expect((await viaGatewaySidecar('product', 'products?limit=1')).status).toBe(200);
  });
});

describe('ids and paths are validated at the gateway', () => {
  it('DELETE /me/addresses/%2e%2e → 400 naming addressId, and the account still exists', async () => {
    const { who } = await signUp();
    const res = await api('DELETE', '/me/addresses/%2e%2e', { who });
    expectProblemNaming(res, 'addressId');
    expect((await api('GET', '/me', { who })).status).toBe(200);
  });

  it('an encoded slash or dot segments in an id → 400, and nothing is deleted', async () => {
    const { who } = await signUp();
    for (const id of ['..%2F..', '%2E%2E%2Fx', 'a%2Fb', '.']) {
      expectProblemNaming(await api('DELETE', `/me/addresses/${id}`, { who }), 'addressId');
    }
    expectProblemNaming(await api('POST', '/orders/..%2F..%2Fall/cancel', { who, body: {} }), 'id');
    expect((await api('GET', '/me', { who })).status).toBe(200);
  });
});

describe('a malformed cursor is a 400 naming cursor on every list', () => {
  const forged = Buffer.from(JSON.stringify({ createdAt: 'x', id: 'y' })).toString('base64url');

  it.each([
    ['/orders', 'customer'],
    ['/admin/orders', 'admin'],
    ['/products', 'anonymous'],
    ['/me/orders', 'customer'],
  ])('GET %s?cursor=<forged> → 400', async (path, as) => {
    const who = as === 'admin' ? ADMIN : as === 'customer' ? (await signUp()).who : undefined;
    for (const cursor of [forged, 'not-base64-!', Buffer.from('[1,2]').toString('base64url')]) {
      expectProblemNaming(await api('GET', `${path}?cursor=${cursor}`, { who }), 'cursor');
    }
  });
});
