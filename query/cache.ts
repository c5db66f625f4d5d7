/*
 * The named-query result cache. The embedded engine runs parameterised
 * queries one at a time, process-wide, so a dashboard of managers
 * refreshing every few seconds must not become one execution per panel per
 * viewer: results are kept for a few seconds, and concurrent identical
 * requests wait for one execution (single flight).
 */

export interface QueryCacheOptions<V> {
  /** How long a result is reused; 0 keeps nothing (single flight still applies). */
  ttlMs: number;
  /** Most results kept; the least recently used goes first. */
  maxEntries?: number;
  /** Most total weight kept (e.g. frame cells), so a few huge answers cannot hold the memory. */
  maxWeight?: number;
  /** The weight of a value (default 1). A value heavier than maxWeight is never kept. */
  weigh?: (value: V) => number;
  /** Monotonic milliseconds; tests move it by hand. */
  clock?: () => number;
}

export type CacheOutcome = 'hit' | 'miss';

export interface Cached<V> {
  value: V;
  /** `hit` when served from the cache or from an execution another request started. */
  cache: CacheOutcome;
}

interface Entry<V> {
  value: V;
  expires: number;
  weight: number;
}

export const DEFAULT_MAX_ENTRIES = 500;

export class QueryCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxWeight: number;
  private readonly weigh: (value: V) => number;
  private readonly clock: () => number;
  private weight = 0;

  constructor(options: QueryCacheOptions<V>) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.maxWeight = options.maxWeight ?? Number.POSITIVE_INFINITY;
    this.weigh = options.weigh ?? (() => 1);
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Entries held now (expired ones may linger until the next miss sweeps them). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The value for `key`: a fresh cached one, the one an execution under way
   * will produce, or a new execution's. A failed execution is not kept: its
   * error goes to every request that waited for it, and the next one retries.
   */
  async get(key: string, execute: () => Promise<V>): Promise<Cached<V>> {
    const cached = this.fresh(key);
    if (cached !== undefined) return { value: cached.value, cache: 'hit' };
    const running = this.inFlight.get(key);
    if (running !== undefined) return { value: await running, cache: 'hit' };
    const execution = execute();
    this.inFlight.set(key, execution);
    try {
      const value = await execution;
      this.store(key, value);
      return { value, cache: 'miss' };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private fresh(key: string): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.clock()) {
      this.drop(key);
      return undefined;
    }
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }

  private store(key: string, value: V): void {
    const weight = this.weigh(value);
    if (this.ttlMs <= 0 || weight > this.maxWeight) return;
    const now = this.clock();
    for (const [held, entry] of this.entries) {
      if (entry.expires <= now) this.drop(held);
    }
    this.drop(key);
    this.entries.set(key, { value, expires: now + this.ttlMs, weight });
    this.weight += weight;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.weight <= this.maxWeight) break;
      this.drop(oldest);
    }
  }
}
