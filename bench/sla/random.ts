/**
 * A small, fast, seeded PRNG (mulberry32). Every ticket gets its own stream,
 * derived from (seed, ticket index), so any single ticket can be regenerated
 * on its own: the reference pass and --verify rebuild exactly what was loaded
 * without keeping millions of events in memory.
 */

export type Random = () => number;

/** mulberry32: 32 bits of state, uniform in [0, 1). */
export function mulberry32(state: number): Random {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A well-mixed 32-bit state from a seed and a stream number (murmur3's finaliser). */
export function streamState(seed: number, stream: number): number {
  let h = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function streamOf(seed: number, stream: number): Random {
  return mulberry32(streamState(seed, stream));
}

/** A whole number in [0, n). */
export function below(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** One item of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[below(random, items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** One value by weight: `[[value, weight], …]`, weights need not sum to 1. */
export function weighted<T>(random: Random, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = table[table.length - 1];
  if (last === undefined) throw new Error('weighted pick from an empty table');
  return last[0];
}

/** An exponential delay with the given mean (ms), at least 1 s: no two events share an instant by accident. */
export function delayMs(random: Random, meanMs: number): number {
  return Math.max(1000, Math.round(-Math.log(1 - random()) * meanMs));
}
