import type { SloStatus } from '../../schemas/slo.ts';
import type { Counts } from './windows.ts';

/** An exact non-negative rational: `num / den` with den > 0. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * A number as the exact decimal it was written as. Objectives (0.999) and
 * thresholds (14.4) are decimals that binary floating point cannot hold:
 * 1 − 0.999 is 0.0010000000000000009, so a burn of exactly 14.4 would compute
 * as 14.399999999999988 and miss a `≥ 14.4`. JavaScript prints a number as
 * the shortest decimal that reads back as it, which is the decimal written.
 */
export function exactDecimal(value: number): Fraction {
  const match = DECIMAL.exec(String(value));
  if (match === null) throw new RangeError(`${value} is not a non-negative finite decimal`);
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const scale = Number(exponent) - fraction.length;
  const digits = BigInt(`${whole}${fraction}`);
  return scale >= 0
    ? { num: digits * 10n ** BigInt(scale), den: 1n }
    : { num: digits, den: 10n ** BigInt(-scale) };
}

/** The error budget's share of events, 1 − objective, exactly. */
export function budgetShare(objective: number): Fraction {
  const { num, den } = exactDecimal(objective);
  return { num: den - num, den };
}

/** good / total; null without events. */
export function sliRatio(counts: Counts): number | null {
  return counts.total > 0 ? counts.good / counts.total : null;
}

/** a / b as the nearest double (both exact integers first, so 864000 / 60000 is 14.4). */
function quotient(a: bigint, b: bigint): number {
  return Number(a) / Number(b);
}

/**
 * The error budget over the SLO window: `allowed_bad` = (1 − objective) ×
 * total bad events may happen; `remaining` = 1 − bad / allowed_bad, so 1 is
 * untouched, 0 exactly spent and below 0 overspent (−1: twice the budget
 * spent). Without events there is no budget to speak of: remaining is null.
 */
export function errorBudget(counts: Counts, objective: number): SloStatus['error_budget'] {
  const share = budgetShare(objective);
  const total = BigInt(counts.total);
  const bad = BigInt(counts.total - counts.good);
  const allowed = share.num * total; // × 1/den
  return {
    allowed_bad: quotient(allowed, share.den),
    bad: counts.total - counts.good,
    remaining: total === 0n ? null : quotient(allowed - bad * share.den, allowed),
  };
}
