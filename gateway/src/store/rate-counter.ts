import { Redis } from 'ioredis';

/** Counts hits per key in fixed windows, in a store every gateway replica shares. */
export interface RateCounter {
  /** Counts one hit; returns the hits so far in the window and the window's time left. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Failed attempts at one account (e.g. wrong passwords) and when the last one was. */
  failures(key: string): Promise<{ count: number; lastAt: number }>;
  /** Counts a failure; forgotten `keepMs` after the last one. */
  fail(key: string, keepMs: number): Promise<void>;
  /** A success: the account's count starts again. */
  clearFailures(key: string): Promise<void>;
  close(): Promise<void>;
}

// INCR and the expiry in one step, so a crash between them cannot leave a key that never expires.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

export class RedisRateCounter implements RateCounter {
  private readonly redis: Redis;

  constructor(url: string) {
    // Bounded waits: a command queued while connecting fails after the first failed
    // (re)connect or after 500 ms, so the limiter never holds a request up for long.
    this.redis = new Redis(url, { maxRetriesPerRequest: 0, commandTimeout: 500, connectTimeout: 2000 });
    this.redis.on('error', () => undefined); // reported per request by the caller
  }

  async hit(key: string, windowMs: number) {
    const [count, resetInMs] = (await this.redis.eval(HIT, 1, `sidecart:ratelimit:${key}`, windowMs)) as [
      number,
      number,
    ];
    return { count, resetInMs };
  }

  async failures(key: string) {
    const [count, lastAt] = await this.redis.hmget(failureKey(key), 'count', 'lastAt');
    return { count: Number(count ?? 0), lastAt: Number(lastAt ?? 0) };
  }

  async fail(key: string, keepMs: number) {
    await this.redis
      .multi()
      .hincrby(failureKey(key), 'count', 1)
      .hset(failureKey(key), 'lastAt', Date.now())
      .pexpire(failureKey(key), keepMs)
      .exec();
  }

  async clearFailures(key: string) {
    await this.redis.del(failureKey(key));
  }

  async close() {
    this.redis.disconnect();
  }
}

const failureKey = (key: string) => `sidecart:failures:${key}`;
