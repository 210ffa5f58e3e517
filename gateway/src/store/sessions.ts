import { Redis } from 'ioredis';

/**
 * When each user's sessions ended (a password change, an erased account, "sign out everywhere"),
 * in a store every gateway replica shares: a token whose sign-in time is earlier is refused.
 */
export interface SessionEnds {
  /** Tokens of `userId` signed in before `atSeconds` are no longer honoured. */
  end(userId: string, atSeconds: number): Promise<void>;
  /** The time before which `userId`'s tokens are refused, if their sessions were ever ended. */
  endedAt(userId: string): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Kept as long as the longest session can live (the storefront's last 7 days), then forgotten. */
const KEEP_SECONDS = 8 * 24 * 3600;

export class RedisSessionEnds implements SessionEnds {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
    this.redis.on('error', () => undefined); // reported per request by the caller
  }

  async end(userId: string, atSeconds: number) {
    // Only ever later: a slow replica's older end never shortens a newer one.
    await this.redis.eval(
      `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
       if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end`,
      1,
      key(userId),
      atSeconds,
      KEEP_SECONDS,
    );
  }

  async endedAt(userId: string) {
    const value = await this.redis.get(key(userId));
    return value === null ? undefined : Number(value);
  }

  async close() {
    this.redis.disconnect();
  }
}

const key = (userId: string) => `sidecart:sessions-ended:${userId}`;

/** The same in one process's memory: for tests, and a single gateway without Redis. */
export class MemorySessionEnds implements SessionEnds {
  private readonly ends = new Map<string, number>();
  async end(userId: string, atSeconds: number) {
    this.ends.set(userId, Math.max(atSeconds, this.ends.get(userId) ?? 0));
  }
  async endedAt(userId: string) {
    return this.ends.get(userId);
  }
  async close() {}
}
