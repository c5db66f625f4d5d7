import { describe, expect, it } from 'vitest';
import { QueryCache } from './cache.ts';

/** An execution the test finishes by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function counting<T>(value: () => Promise<T>) {
  const calls = { n: 0 };
  const execute = async (): Promise<T> => {
    calls.n += 1;
    return value();
  };
  return { calls, execute };
}

describe('QueryCache', () => {
  it('runs concurrent identical misses once (single flight)', async () => {
    const cache = new QueryCache<number>({ ttlMs: 2_000 });
    const gate = deferred<number>();
    const { calls, execute } = counting(() => gate.promise);
    const answers = Array.from({ length: 50 }, () => cache.get('k', execute));
    gate.resolve(42);
    const results = await Promise.all(answers);
    expect(calls.n).toBe(1);
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 50 }, () => 42));
    expect(results.filter((r) => r.cache === 'miss')).toHaveLength(1);
    expect(await cache.get('k', execute)).toEqual({ value: 42, cache: 'hit' });
    expect(calls.n).toBe(1);
  });

  it('keeps a result for the TTL, then executes again', async () => {
    let now = 1_000;
    const cache = new QueryCache<number>({ ttlMs: 2_000, clock: () => now });
    let value = 1;
    const { calls, execute } = counting(() => Promise.resolve(value));
    expect((await cache.get('k', execute)).cache).toBe('miss');
    now += 1_999;
    expect(await cache.get('k', execute)).toEqual({ value: 1, cache: 'hit' });
    now += 1;
    value = 2;
    expect(await cache.get('k', execute)).toEqual({ value: 2, cache: 'miss' });
    expect(calls.n).toBe(2);
  });

  it('does not keep errors: every waiter gets it, the next request retries', async () => {
    const cache = new QueryCache<number>({ ttlMs: 2_000 });
    const gate = deferred<number>();
    const { calls, execute } = counting(() => gate.promise);
    const first = cache.get('k', execute);
    const second = cache.get('k', execute);
    gate.reject(new Error('engine down'));
    await expect(first).rejects.toThrow('engine down');
    await expect(second).rejects.toThrow('engine down');
    expect(cache.size).toBe(0);
    const retry = counting(() => Promise.resolve(7));
    expect(await cache.get('k', retry.execute)).toEqual({ value: 7, cache: 'miss' });
    expect(calls.n + retry.calls.n).toBe(2);
  });

  it('holds at most maxEntries, dropping the least recently used', async () => {
    const cache = new QueryCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    const put = (key: string) => cache.get(key, () => Promise.resolve(key));
    await put('a');
    await put('b');
    expect((await put('a')).cache).toBe('hit'); // a is now the most recent
    await put('c'); // evicts b
    expect(cache.size).toBe(2);
    expect((await put('a')).cache).toBe('hit');
    expect((await put('b')).cache).toBe('miss');
  });

  it('bounds the total weight, and never keeps a value heavier than the bound', async () => {
    const cache = new QueryCache<number[]>({
      ttlMs: 60_000,
      maxWeight: 10,
      weigh: (value) => value.length,
    });
    const put = (key: string, size: number) =>
      cache.get(key, () => Promise.resolve(Array.from({ length: size }, () => 0)));
    await put('a', 4);
    await put('b', 4);
    await put('c', 4); // 12 > 10: a goes
    expect(cache.size).toBe(2);
    expect((await put('b', 4)).cache).toBe('hit');
    expect((await put('a', 4)).cache).toBe('miss'); // evicts c, the least recent
    expect((await put('huge', 11)).cache).toBe('miss');
    expect((await put('huge', 11)).cache).toBe('miss');
    expect(cache.size).toBe(2);
  });

  it('sweeps expired entries when it stores a new one', async () => {
    let now = 0;
    const cache = new QueryCache<string>({ ttlMs: 1_000, clock: () => now });
    await cache.get('a', () => Promise.resolve('a'));
    await cache.get('b', () => Promise.resolve('b'));
    now = 5_000;
    await cache.get('c', () => Promise.resolve('c'));
    expect(cache.size).toBe(1);
  });

  it('with a TTL of 0 keeps nothing but still shares concurrent executions', async () => {
    const cache = new QueryCache<number>({ ttlMs: 0 });
    const gate = deferred<number>();
    const { calls, execute } = counting(() => gate.promise);
    const both = Promise.all([cache.get('k', execute), cache.get('k', execute)]);
    gate.resolve(1);
    expect((await both).map((r) => r.cache)).toEqual(['miss', 'hit']);
    await cache.get('k', () => Promise.resolve(2));
    expect(cache.size).toBe(0);
    expect(calls.n).toBe(1);
  });
});
