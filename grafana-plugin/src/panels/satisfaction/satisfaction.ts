import type { DataFrame } from '@grafana/data';

import { frameLength, numberColumn, pickFrame } from '../shared/frames';

export const SATISFACTION_QUERY = 'sla.satisfaction';
export const DISTRIBUTION_QUERY = 'sla.satisfaction_distribution';
export const SCORES = [1, 2, 3, 4, 5] as const;
/** Responses scoring this or more count as satisfied (as the API counts them). */
const SATISFIED_FROM = 4;

export interface SatisfactionSummary {
  /** Null when only the distribution is known. */
  solved: number | null;
  rated: number;
  satisfied: number;
  reopened: number | null;
  firstContact: number | null;
  avgScore: number | null;
  pctSatisfied: number | null;
  responseRate: number | null;
  firstContactPct: number | null;
  reopenPct: number | null;
}

export interface ScoreBar {
  score: number;
  responses: number;
  /** Share of all responses, 0–1. */
  share: number;
}

export interface Satisfaction {
  summary: SatisfactionSummary | null;
  distribution: ScoreBar[] | null;
}

/** 100 × part / whole, null for an empty whole. */
export function percent(part: number | null, whole: number | null): number | null {
  return part === null || whole === null || whole <= 0 ? null : (100 * part) / whole;
}

interface Totals {
  solved: number;
  reopened: number;
  firstContact: number;
  rated: number;
  satisfied: number;
  /** Σ avg_score × rated: the buckets' score sums, to average over all ratings. */
  scoreSum: number;
}

/** Sums the buckets' counts: range figures are ratios of totals, never averages of ratios. */
function sumBuckets(frame: DataFrame): Totals {
  const columns = {
    solved: numberColumn(frame, 'solved'),
    reopened: numberColumn(frame, 'reopened'),
    firstContact: numberColumn(frame, 'first_contact'),
    rated: numberColumn(frame, 'rated'),
    satisfied: numberColumn(frame, 'satisfied'),
    avgScore: numberColumn(frame, 'avg_score'),
  };
  const totals: Totals = {
    solved: 0,
    reopened: 0,
    firstContact: 0,
    rated: 0,
    satisfied: 0,
    scoreSum: 0,
  };
  for (let i = 0; i < frameLength(frame); i += 1) {
    const rated = columns.rated(i) ?? 0;
    totals.solved += columns.solved(i) ?? 0;
    totals.reopened += columns.reopened(i) ?? 0;
    totals.firstContact += columns.firstContact(i) ?? 0;
    totals.rated += rated;
    totals.satisfied += columns.satisfied(i) ?? 0;
    totals.scoreSum += (columns.avgScore(i) ?? 0) * rated;
  }
  return totals;
}

/** `withSolves` false: the totals come from the distribution, which knows no solves. */
function summaryOf(totals: Totals, withSolves: boolean): SatisfactionSummary {
  const solved = withSolves ? totals.solved : null;
  const reopened = withSolves ? totals.reopened : null;
  const firstContact = withSolves ? totals.firstContact : null;
  return {
    solved,
    rated: totals.rated,
    satisfied: totals.satisfied,
    reopened,
    firstContact,
    avgScore: totals.rated > 0 ? totals.scoreSum / totals.rated : null,
    pctSatisfied: percent(totals.satisfied, totals.rated),
    responseRate: percent(totals.rated, solved),
    firstContactPct: percent(firstContact, solved),
    reopenPct: percent(reopened, solved),
  };
}

/** Responses per score 1–5 (missing scores as 0). */
export function readDistribution(frame: DataFrame): ScoreBar[] {
  const score = numberColumn(frame, 'score');
  const responses = numberColumn(frame, 'responses');
  const counts = new Map<number, number>(SCORES.map((s) => [s, 0]));
  for (let i = 0; i < frameLength(frame); i += 1) {
    const s = score(i);
    const key = s === null ? null : Math.round(s);
    if (key !== null && counts.has(key))
      counts.set(key, (counts.get(key) ?? 0) + (responses(i) ?? 0));
  }
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return SCORES.map((s) => {
    const n = counts.get(s) ?? 0;
    return { score: s, responses: n, share: total > 0 ? n / total : 0 };
  });
}

function distributionTotals(bars: readonly ScoreBar[]): Totals {
  const totals: Totals = {
    solved: 0,
    reopened: 0,
    firstContact: 0,
    rated: 0,
    satisfied: 0,
    scoreSum: 0,
  };
  for (const bar of bars) {
    totals.rated += bar.responses;
    totals.scoreSum += bar.score * bar.responses;
    if (bar.score >= SATISFIED_FROM) totals.satisfied += bar.responses;
  }
  return totals;
}

/**
 * The range's summary and score distribution. The average score comes from
 * the distribution when it covers the same responses (exact), else from the
 * buckets' averages weighted by their ratings.
 */
export function readSatisfaction(series: readonly DataFrame[]): Satisfaction {
  const summaryFrame = pickFrame(series, SATISFACTION_QUERY, ['rated', 'satisfied']);
  const distributionFrame = pickFrame(series, DISTRIBUTION_QUERY, ['score', 'responses']);
  const distribution =
    distributionFrame !== undefined && frameLength(distributionFrame) > 0
      ? readDistribution(distributionFrame)
      : null;
  const counted = distribution === null ? null : distributionTotals(distribution);
  if (summaryFrame === undefined || frameLength(summaryFrame) === 0) {
    return { summary: counted === null ? null : summaryOf(counted, false), distribution };
  }
  const totals = sumBuckets(summaryFrame);
  if (counted !== null && counted.rated === totals.rated && counted.rated > 0) {
    totals.scoreSum = counted.scoreSum;
  }
  return { summary: summaryOf(totals, true), distribution };
}
