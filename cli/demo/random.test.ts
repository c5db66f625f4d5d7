import { describe, expect, it } from 'vitest';
import { hashSeed, Rng } from './random.ts';

const draws = (n: number, f: () => number): number[] => Array.from({ length: n }, f);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('Rng', () => {
  it('repeats itself for a seed and label, and differs across labels', () => {
    const a = draws(5, () => 0);
    const r1 = Rng.derive(1, 'x', 3);
    const r2 = Rng.derive(1, 'x', 3);
    const r3 = Rng.derive(1, 'x', 4);
    const s1 = a.map(() => r1.nextUint32());
    expect(a.map(() => r2.nextUint32())).toEqual(s1);
    expect(a.map(() => r3.nextUint32())).not.toEqual(s1);
    expect(hashSeed(1, 'ab', 'c')).not.toBe(hashSeed(1, 'a', 'bc'));
  });

  it('keeps uniform, int and pick inside their ranges', () => {
    const rng = new Rng(9);
    const uniforms = draws(10_000, () => rng.uniform(2, 3));
    const ints = draws(10_000, () => rng.int(1, 6));
    expect(uniforms.filter((u) => u < 2 || u >= 3)).toEqual([]);
    expect(ints.filter((k) => k < 1 || k > 6 || !Number.isInteger(k))).toEqual([]);
    expect(new Set(draws(1000, () => rng.int(1, 6)))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('matches the distributions it claims', () => {
    const rng = new Rng(42);
    const n = 40_000;
    expect(mean(draws(n, () => rng.exponential(5)))).toBeCloseTo(5, 0);
    expect(mean(draws(n, () => rng.poisson(3)))).toBeCloseTo(3, 1);
    expect(mean(draws(n, () => rng.poisson(200)))).toBeCloseTo(200, -1);
    expect(mean(draws(n, () => (rng.bernoulli(0.3) ? 1 : 0)))).toBeCloseTo(0.3, 1);
    const logs = draws(n, () => rng.lognormal(10, 1)).sort((a, b) => a - b);
    expect(logs[n / 2]).toBeGreaterThan(9.5);
    expect(logs[n / 2]).toBeLessThan(10.5);
    const weights: (readonly [string, number])[] = [
      ['a', 1],
      ['b', 3],
    ];
    const picks = Array.from({ length: n }, () => rng.weighted(weights));
    expect(picks.filter((p) => p === 'b').length / n).toBeCloseTo(0.75, 1);
  });
});
