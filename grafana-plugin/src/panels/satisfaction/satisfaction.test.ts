import { describe, expect, it } from 'vitest';

import { fixtureFrame } from '../shared/testing/panelProps';
import { distributionFrame, satisfactionFrame } from './fixtures';
import { percent, readDistribution, readSatisfaction } from './satisfaction';

describe('readSatisfaction', () => {
  it('sums buckets into totals and takes ratios of the totals', () => {
    const { summary } = readSatisfaction([satisfactionFrame()]);
    expect(summary).toMatchObject({
      solved: 40,
      rated: 20,
      satisfied: 12,
      reopened: 3,
      firstContact: 21,
      pctSatisfied: 60,
      responseRate: 50,
      firstContactPct: 52.5,
      reopenPct: 7.5,
    });
    // Without the distribution: bucket averages weighted by their ratings.
    expect(summary?.avgScore).toBeCloseTo(3.62, 10);
  });

  it('takes the exact average from a distribution of the same responses', () => {
    const { summary, distribution } = readSatisfaction([distributionFrame(), satisfactionFrame()]);
    expect(summary?.avgScore).toBeCloseTo(3.6, 10);
    expect(distribution?.map((bar) => bar.responses)).toEqual([2, 2, 4, 6, 6]);
    expect(distribution?.[4]?.share).toBeCloseTo(0.3);
  });

  it('keeps the weighted average when the distribution counts other responses', () => {
    const { summary } = readSatisfaction([satisfactionFrame(), distributionFrame([[5, 3]])]);
    expect(summary?.avgScore).toBeCloseTo(3.62, 10);
  });

  it('summarises from the distribution alone, without solve-based rates', () => {
    const { summary } = readSatisfaction([distributionFrame()]);
    expect(summary).toMatchObject({
      solved: null,
      rated: 20,
      satisfied: 12,
      pctSatisfied: 60,
      responseRate: null,
      reopenPct: null,
    });
    expect(summary?.avgScore).toBeCloseTo(3.6, 10);
  });

  it('reads nothing from empty data', () => {
    expect(readSatisfaction([])).toEqual({ summary: null, distribution: null });
    const empty = fixtureFrame('sla.satisfaction', []);
    expect(readSatisfaction([empty])).toEqual({ summary: null, distribution: null });
  });
});

describe('readDistribution', () => {
  it('fills missing scores with zero and ignores scores outside 1–5', () => {
    const bars = readDistribution(
      distributionFrame([
        [5, 3],
        [1, 1],
        [0, 9],
        [7, 9],
      ]),
    );
    expect(bars.map((bar) => [bar.score, bar.responses])).toEqual([
      [1, 1],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 3],
    ]);
    expect(bars[4]?.share).toBeCloseTo(0.75);
  });
});

describe('percent', () => {
  it('is null for an empty whole', () => {
    expect(percent(1, 4)).toBe(25);
    expect(percent(1, 0)).toBeNull();
    expect(percent(null, 4)).toBeNull();
    expect(percent(1, null)).toBeNull();
  });
});
