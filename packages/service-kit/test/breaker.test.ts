import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CircuitBreaker, classify, Dapr, HttpProblem, mayRetry, type Outcome } from '../src';

const answered = (status: number, daprError?: string, message?: string): Outcome => ({
  kind: 'answered',
  status,
  ...(daprError ? { daprError, message } : {}),
});

describe('classify', () => {
  it('never counts a 4xx against the callee, also not daprd’s own 403 (access policy)', () => {
    for (const status of [200, 201, 204, 400, 401, 404, 409, 429])
      expect(classify(answered(status))).toBe('ok');
    expect(classify(answered(403, 'ERR_DIRECT_INVOKE', 'PermissionDenied'))).toBe('ok');
  });

  it('counts 5xx, timeouts and connection failures, and tells daprd’s timeout from its lost connection', () => {
    expect(classify(answered(500))).toBe('error');
    expect(classify(answered(503))).toBe('error');
    expect(classify({ kind: 'timeout' })).toBe('timeout');
    expect(classify({ kind: 'connection' })).toBe('connection');
    expect(classify(answered(500, 'ERR_DIRECT_INVOKE', 'failed to invoke: context deadline exceeded'))).toBe(
      'timeout',
    );
    expect(classify(answered(500, 'ERR_DIRECT_INVOKE', 'dial tcp 127.0.0.1:5001: connection refused'))).toBe(
      'connection',
    );
  });
});

describe('mayRetry', () => {
  it('retries only idempotent calls, and only after a connection failure', () => {
    expect(mayRetry({ kind: 'connection' }, true)).toBe(true);
    expect(mayRetry(answered(500, 'ERR_DIRECT_INVOKE', 'connection refused'), true)).toBe(true);
    expect(mayRetry({ kind: 'connection' }, false)).toBe(false);
    expect(mayRetry({ kind: 'timeout' }, true)).toBe(false);
    expect(mayRetry(answered(503), true)).toBe(false);
    expect(mayRetry(answered(502), true)).toBe(false);
    expect(mayRetry(answered(400), true)).toBe(false);
  });

  it('retries any call that daprd could not connect for (nothing was sent), and no other failure of a POST', () => {
    // daprd's answer while the callee's sidecar restarts (seen after a restart of the product sidecar).
    const dialing = answered(
      500,
      'ERR_DIRECT_INVOKE',
      'failed to invoke, id: product, err: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 192.0.2.2:45469: connect: connection refused"',
    );
    expect(mayRetry(dialing, false)).toBe(true);
    // The connection broke while the call was under way: it may have been done.
    const broken = answered(
      500,
      'ERR_DIRECT_INVOKE',
      'failed to invoke, id: product, err: rpc error: code = Unavailable desc = error reading from server: EOF',
    );
    expect(mayRetry(broken, false)).toBe(false);
    expect(mayRetry(broken, true)).toBe(true);
    expect(mayRetry(answered(500, 'ERR_DIRECT_INVOKE', 'context deadline exceeded'), false)).toBe(false);
    expect(mayRetry({ kind: 'connection' }, false)).toBe(false);
  });
});

describe('CircuitBreaker', () => {
  const make = () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failuresToOpen: 3, openMs: 1000, now: () => now });
    return { breaker, advance: (ms: number) => (now += ms) };
  };
  const fail = (b: CircuitBreaker, n: number, outcome: Outcome = answered(500)) => {
    for (let i = 0; i < n; i++) {
      b.admit();
      b.record(outcome);
    }
  };

  it('stays closed however many 4xx come in a row', () => {
    const { breaker } = make();
    fail(breaker, 50, answered(400));
    fail(breaker, 50, answered(401));
    expect(breaker.state).toBe('closed');
    expect(() => breaker.admit()).not.toThrow();
  });

  it('opens after N failures in a row, of any kind, and refuses calls while open', () => {
    const { breaker } = make();
    fail(breaker, 1, { kind: 'timeout' });
    fail(breaker, 1, { kind: 'connection' });
    expect(breaker.state).toBe('closed');
    fail(breaker, 1, answered(503));
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(expect.objectContaining({ retryAfterMs: 1000 }));
  });

  it('a success or a 4xx in between resets the count', () => {
    const { breaker } = make();
    fail(breaker, 2);
    fail(breaker, 1, answered(404));
    fail(breaker, 2);
    expect(breaker.state).toBe('closed');
  });

  it('lets one trial through after the open time: success closes, failure reopens', () => {
    const { breaker, advance } = make();
    fail(breaker, 3);
    advance(1000);
    expect(breaker.state).toBe('half-open');
    breaker.admit();
    expect(() => breaker.admit()).toThrow(); // only one trial at a time
    breaker.record(answered(500));
    expect(breaker.state).toBe('open');
    advance(1000);
    breaker.admit();
    breaker.record(answered(200));
    expect(breaker.state).toBe('closed');
    expect(() => breaker.admit()).not.toThrow();
  });
});

describe('Dapr.invoke: breaker and retries against a fake sidecar', () => {
  let server: http.Server;
  let port: number;
  let answers: ((res: http.ServerResponse) => void)[];
  let seen: string[];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const answer = answers.shift() ?? ((r: http.ServerResponse) => r.writeHead(200).end('{}'));
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    answers = [];
    seen = [];
  });

  const json = (status: number, body: unknown) => (res: http.ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const problem = (status: number) => json(status, { status, title: 'x' });
  const daprDown = json(500, {
    errorCode: 'ERR_DIRECT_INVOKE',
    message: 'failed to invoke, id: customer, err: connection refused',
  });
  const daprTimeout = json(500, {
    errorCode: 'ERR_DIRECT_INVOKE',
    message: 'failed to invoke, id: customer, err: context deadline exceeded',
  });
  const dapr = () =>
    new Dapr({ httpPort: port, breaker: { failuresToOpen: 3, openMs: 60_000 }, retryDelaysMs: [1, 1] });

  it('passes 4xx answers through and never opens on them', async () => {
    const client = dapr();
    for (let i = 0; i < 10; i++) {
      answers.push(problem(400));
      expect((await client.invoke('customer', 'customers', { method: 'POST', body: {} })).status).toBe(400);
    }
    expect((await client.invoke('customer', 'customers', { method: 'POST', body: {} })).status).toBe(200);
  });

  it('opens per callee after 5xx in a row, answering 503 with Retry-After without calling', async () => {
    const client = dapr();
    answers.push(problem(500), problem(500), problem(503));
    for (let i = 0; i < 3; i++) await client.invoke('order', 'orders', { method: 'POST', body: {} });
    seen = [];
    const refused = await client.invoke('order', 'orders').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(HttpProblem);
    expect(refused).toMatchObject({ status: 503, headers: { 'retry-after': '60' } });
    expect(seen).toEqual([]);
    // Another callee is not affected.
    expect((await client.invoke('product', 'products')).status).toBe(200);
    // A health probe still reaches the callee, and its success closes the breaker.
    expect((await client.invoke('order', 'readyz', { probe: true })).status).toBe(200);
    expect((await client.invoke('order', 'orders')).status).toBe(200);
  });

  it('retries a GET after a connection failure, never after a timeout', async () => {
    const client = dapr();
    answers.push(daprDown, daprDown);
    expect((await client.invoke('customer', 'customers/1')).status).toBe(200);
    expect(seen).toHaveLength(3);

    seen = [];
    answers.push(daprTimeout);
    expect((await client.invoke('customer', 'customers/1')).status).toBe(500);
    expect(seen).toHaveLength(1);
  });

  it('never retries a write unless the caller says the callee dedupes it', async () => {
    const client = dapr();
    answers.push(daprDown);
    expect((await client.invoke('customer', 'customers', { method: 'POST', body: {} })).status).toBe(500);
    expect(seen).toHaveLength(1);

    seen = [];
    answers.push(daprDown);
    const again = await client.invoke('payment', 'payments', { method: 'POST', body: {}, idempotent: true });
    expect(again.status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  const daprDialing = json(500, {
    errorCode: 'ERR_DIRECT_INVOKE',
    message:
      'failed to invoke, id: product, err: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 192.0.2.2:45469: connect: connection refused"',
  });

  it('repeats a write that daprd could not even send (the callee’s sidecar restarting)', async () => {
    const client = dapr();
    answers.push(daprDialing, daprDialing);
    expect((await client.invoke('product', 'products', { method: 'POST', body: {} })).status).toBe(200);
    expect(seen).toEqual([
      'POST /v1.0/invoke/product/method/products',
      'POST /v1.0/invoke/product/method/products',
      'POST /v1.0/invoke/product/method/products',
    ]);
  });

  it('counts a call once for the breaker, however many attempts it took', async () => {
    const client = dapr(); // 3 failures open it; each call makes up to 3 attempts
    for (let i = 0; i < 2; i++) {
      answers.push(daprDialing, daprDialing, daprDialing);
      expect((await client.invoke('product', 'products', { method: 'POST', body: {} })).status).toBe(500);
    }
    // Two failed calls (six failed attempts): still closed.
    expect((await client.invoke('product', 'products')).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      answers.push(daprDialing, daprDialing, daprDialing);
      await client.invoke('product', 'products', { method: 'POST', body: {} });
    }
    await expect(client.invoke('product', 'products')).rejects.toMatchObject({ status: 503 });
  });
});
