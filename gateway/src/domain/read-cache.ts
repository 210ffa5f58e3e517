type Entry<V> = { value: V; expiresAt: number };

export type ReadCacheOptions = {
  /** How long an entry is served, counted from when its upstream call was sent. */
  ttlMs: number;
  /** The most entries held; the least recently used one goes first. */
  maxEntries: number;
  now?: () => number;
};

/**
 * A bounded in-memory cache with a time to live: least recently used entries are evicted
 * past `maxEntries`, and an entry is never served after `ttlMs`. Concurrent misses on one
 * key share a single load (no stampede on the service when a hot entry expires).
 *
 * The bound on staleness is the time to live alone, never an invalidation message: gateway
 * replicas would share one pub/sub consumer group, so an event would reach only one of them.
 * `clear()` only shortens it on this instance (a write made through it: the writer sees it).
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly loading = new Map<string, Promise<V>>();
  private readonly now: () => number;
  /** Counts `clear()` calls: a load begun before one is not kept (it may hold what was cleared). */
  private generation = 0;

  constructor(private readonly options: ReadCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` as loaded at `loadedAt` (its expiry counts from then). */
  set(key: string, value: V, loadedAt = this.now()): void {
    if (this.options.ttlMs <= 0 || this.options.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: loadedAt + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Forgets every entry, and every load under way (later callers start their own). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }

  /**
   * The cached value, else the result of `load`. Concurrent callers of one key share one
   * load and its result (request coalescing), cacheable or not; only a result for which
   * `cacheable` holds is kept for later callers.
   */
  async getOrLoad(key: string, load: () => Promise<V>, cacheable: (value: V) => boolean): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const startedAt = this.now();
    const generation = this.generation;
    const promise = load().then((value) => {
      if (cacheable(value) && generation === this.generation) this.set(key, value, startedAt);
      return value;
    });
    this.loading.set(key, promise);
    try {
      return await promise;
    } finally {
      if (this.loading.get(key) === promise) this.loading.delete(key);
    }
  }
}
