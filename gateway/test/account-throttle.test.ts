import request from 'supertest';
import { Dapr, type InvokeOptions, type InvokeResponse } from '@sidecart/service-kit';
import { failureDelaySeconds, FREE_FAILURES, MAX_FAILURE_DELAY_SECONDS } from '../src/domain/rate-limits';
import { accountThrottle } from '../src/routes/rate-limit';
import type { RateCounter } from '../src/store/rate-counter';
import { logger, testGateway } from './fixtures';

/** Failure counts in memory; `restamp` says the last failures happened just now. */
class MemoryCounter implements RateCounter {
  private readonly seen = new Map<string, { count: number; lastAt: number }>();
  async hit() {
    return { count: 1, resetInMs: 60_000 };
  }
  async failures(key: string) {
    return this.seen.get(key) ?? { count: 0, lastAt: 0 };
  }
  async fail(key: string) {
    this.seen.set(key, { count: (this.seen.get(key)?.count ?? 0) + 1, lastAt: Date.now() });
  }
  async clearFailures(key: string) {
    this.seen.delete(key);
  }
  async close() {}
  /** On a loaded machine the failures above may have taken longer than the first delay (1 s). */
  restamp() {
    for (const entry of this.seen.values()) entry.lastAt = Date.now();
  }
}

/** The customer service: `right-password-1` is every account's password. */
class Credentials extends Dapr {
  calls = 0;
  constructor() {
    super({ httpPort: 1 });
  }
  override async invoke(_app: string, _path: string, options: InvokeOptions = {}): Promise<InvokeResponse> {
    this.calls++;
    const { password } = options.body as { password: string };
    return password === 'right-password-1'
      ? { status: 200, headers: new Headers(), body: { id: '6b065900492b27f54e76c9d7', role: 'customer' } }
      : { status: 401, headers: new Headers(), body: { status: 401, title: 'Unauthorized' } };
  }
}

function gateway() {
  const counter = new MemoryCounter();
  const dapr = new Credentials();
  const app = testGateway(dapr, { throttle: accountThrottle(counter, logger) });
  const signIn = (email: string, password: string, from = '203.0.113.1') =>
    request(app)
      .post('/api/v1/customers/credentials/verify')
      .set('x-forwarded-for', from)
      .send({ email, password });
  return { counter, dapr, signIn };
}

describe('failureDelaySeconds', () => {
  it('lets the first failures through, then doubles the wait up to a ceiling', () => {
    expect(failureDelaySeconds(FREE_FAILURES - 1)).toBe(0);
    expect([5, 6, 7, 8].map(failureDelaySeconds)).toEqual([1, 2, 4, 8]);
    expect(failureDelaySeconds(60)).toBe(MAX_FAILURE_DELAY_SECONDS);
  });
});

describe('wrong passwords per account', () => {
  it('slows guesses at one account from any address, and nobody else', async () => {
    const { counter, dapr, signIn } = gateway();
    for (let i = 0; i < FREE_FAILURES; i++)
      expect((await signIn('ada@example.com', `guess-${i}`, `198.51.100.${i}`)).status).toBe(401);
    counter.restamp(); // no time has passed since the last failure
    const throttled = await signIn('Ada@Example.com ', 'guess-7', '192.0.2.99');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(dapr.calls).toBe(FREE_FAILURES); // the throttled try never reached the customer service
    // Another account signs in as usual.
    expect((await signIn('grace@example.com', 'right-password-1')).status).toBe(200);
  });

  it('lets the owner in once the wait is over, and a success starts the count again', async () => {
    const { signIn } = gateway();
    for (let i = 0; i < 5; i++) await signIn('ada@example.com', `guess-${i}`);
    // The next try is allowed 1 s after the fifth failure; wait it out.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await signIn('ada@example.com', 'right-password-1')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn('ada@example.com', `again-${i}`)).status).toBe(401);
  });
});
