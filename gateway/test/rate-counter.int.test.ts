/** The shared counter against the real Redis the stack uses (RATE_LIMIT_REDIS_URL). */
import { randomUUID } from 'node:crypto';
import { RedisRateCounter } from '../src/store/rate-counter';
import { localSecrets } from '../../packages/stack-tests/src/stack';

const redisUrl = localSecrets().RATE_LIMIT_REDIS_URL!;

describe('RedisRateCounter', () => {
  const replicaA = new RedisRateCounter(redisUrl);
  const replicaB = new RedisRateCounter(redisUrl);
  afterAll(async () => Promise.all([replicaA.close(), replicaB.close()]));

  it('two replicas count into the same window, with no hit lost under concurrency', async () => {
    const key = `test:${randomUUID()}`;
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? replicaA : replicaB).hit(key, 60_000)),
    );
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    for (const hit of hits) expect(hit.resetInMs).toBeGreaterThan(55_000);
  });

  it('starts a fresh window once the old one has expired', async () => {
    const key = `test:${randomUUID()}`;
    await replicaA.hit(key, 300);
    expect((await replicaA.hit(key, 300)).count).toBe(2);
    await new Promise((r) => setTimeout(r, 400));
    expect((await replicaB.hit(key, 300)).count).toBe(1);
  });

  it('fails fast when Redis cannot be reached, so the limiter can let the request through', async () => {
    const nowhere = new RedisRateCounter('redis://127.0.0.1:1');
    const started = Date.now();
    await expect(nowhere.hit('x', 1000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3000);
    await nowhere.close();
  });
});
