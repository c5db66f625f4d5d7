import { describe, expect, it } from 'vitest';
import { sloDefinitionSchema } from '../../schemas/slo.ts';
import { budgetShare, errorBudget, exactDecimal, sliRatio } from './budget.ts';
import { evaluateSlo } from './evaluate.ts';
import { emptyCounts, windowStartsMs } from './windows.ts';

describe('exact decimals', () => {
  it('reads a number as the decimal it was written as', () => {
    expect(exactDecimal(0.999)).toEqual({ num: 999n, den: 1000n });
    expect(exactDecimal(14.4)).toEqual({ num: 144n, den: 10n });
    expect(exactDecimal(6)).toEqual({ num: 6n, den: 1n });
    expect(exactDecimal(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(exactDecimal(1e21)).toEqual({ num: 10n ** 21n, den: 1n });
    expect(() => exactDecimal(-1)).toThrow(RangeError);
  });

  it('gives the budget share 1 − objective exactly', () => {
    expect(budgetShare(0.999)).toEqual({ num: 1n, den: 1000n });
    expect(budgetShare(0.95)).toEqual({ num: 5n, den: 100n });
    // "99.95%" in a policy file is the same number as 0.9995.
    const slo = sloDefinitionSchema.parse({
      name: 'x',
      objective: '99.95%',
      window: '7d',
      sli: { kind: 'clean_shutdowns' },
    });
    expect(budgetShare(slo.objective)).toEqual({ num: 5n, den: 10_000n });
  });
});

describe('the error budget over the SLO window', () => {
  // 99 % of 1,000 events: 10 may be bad.
  it.each([
    [1_000, 1_000, { allowed_bad: 10, bad: 0, remaining: 1 }],
    [1_000, 995, { allowed_bad: 10, bad: 5, remaining: 0.5 }],
    [1_000, 990, { allowed_bad: 10, bad: 10, remaining: 0 }],
    // Overspent: three times the budget leaves −2.
    [1_000, 970, { allowed_bad: 10, bad: 30, remaining: -2 }],
    // A fraction of an event may be allowed: 0.01 × 150 = 1.5.
    [150, 149, { allowed_bad: 1.5, bad: 1, remaining: 1 / 3 }],
    // Nothing happened: nothing is allowed, and "remaining" has no meaning.
    [0, 0, { allowed_bad: 0, bad: 0, remaining: null }],
  ])('total %i, good %i', (total, good, expected) => {
    expect(errorBudget({ total, good }, 0.99)).toEqual(expected);
  });

  it('has an SLI of good / total, null without events', () => {
    expect(sliRatio({ total: 8, good: 6 })).toBe(0.75);
    expect(sliRatio({ total: 0, good: 0 })).toBeNull();
  });
});

describe('windows', () => {
  it('end at now and start one length earlier (exclusive)', () => {
    const now = Date.parse('2026-03-30T12:00:00Z');
    const starts = windowStartsMs(now, '28d');
    expect(new Date(starts.slo).toISOString()).toBe('2026-03-02T12:00:00.000Z');
    expect(new Date(starts['5m']).toISOString()).toBe('2026-03-30T11:55:00.000Z');
    expect(new Date(starts['3d']).toISOString()).toBe('2026-03-27T12:00:00.000Z');
  });
});

describe('evaluateSlo', () => {
  it('puts SLI, budget, burn rates, alerts and status together', () => {
    const slo = sloDefinitionSchema.parse({
      name: 'boots',
      description: 'boots under a minute',
      objective: '95%',
      window: '28d',
      sli: { kind: 'boot_duration', under: '60s' },
    });
    const counts = emptyCounts();
    counts.slo = { total: 200, good: 180 };
    counts['3d'] = { total: 40, good: 36 };
    counts['6h'] = { total: 10, good: 9 };
    expect(evaluateSlo(slo, counts)).toEqual({
      name: 'boots',
      description: 'boots under a minute',
      objective: 0.95,
      window: '28d',
      indicator: { kind: 'boot_duration', under: 60 },
      sli: { total: 200, good: 180, ratio: 0.9 },
      // 5 % of 200 = 10 allowed, 20 spent: twice the budget.
      error_budget: { allowed_bad: 10, bad: 20, remaining: -1 },
      burn_rates: { '5m': 0, '30m': 0, '1h': 0, '2h': 0, '6h': 2, '1d': 0, '3d': 2 },
      alerts: [{ severity: 'ticket', long_window: '3d', short_window: '6h', threshold: 1 }],
      status: 'ticket',
    });
  });
});
