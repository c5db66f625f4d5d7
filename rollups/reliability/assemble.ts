import type { ReliabilityInterval, ReliabilityMetricsRow } from '../../schemas/reliability.ts';
import { isoOf } from '../sla/read/rollup-sql.ts';
import { NO_COUNTS, deriveMetrics, type MetricCounts } from './derive.ts';
import { groupValues, rowKey, type GroupColumn, type GroupValues } from './read/sql.ts';

/*
 * The separate reads (usage, events, restarts, boots) → one metrics row per
 * bucket × group. Pure: unit-tested without a store.
 */

/** A row of one read: its bucket, group values and some of the counts. */
export interface Part extends GroupValues, Partial<MetricCounts> {
  bucket_s: number;
  /** Boot p50 and p95, from the boots read. */
  q?: [number, number];
}

export interface MetricParts {
  usage: readonly Part[];
  events: readonly Part[];
  restarts: readonly Part[];
  boots: readonly Part[];
}

interface Acc {
  bucket_s: number;
  group: GroupValues;
  counts: MetricCounts;
}

const COUNT_KEYS = Object.keys(NO_COUNTS) as (keyof MetricCounts)[];

/** Copies the counts a read returned (and only those) into an accumulator. */
function addCounts(acc: Acc, part: Part): void {
  for (const key of COUNT_KEYS) {
    const value = part[key];
    if (typeof value === 'number') acc.counts[key] = value;
  }
  if (part.q !== undefined) {
    acc.counts.boot_p50_s = part.q[0];
    acc.counts.boot_p95_s = part.q[1];
  }
}

/** Folds each read's counts into one accumulator per bucket × group. */
function fold(accs: Map<string, Acc>, parts: readonly Part[], columns: readonly GroupColumn[]) {
  for (const part of parts) {
    const key = rowKey(part.bucket_s, part, columns);
    let acc = accs.get(key);
    if (acc === undefined) {
      acc = {
        bucket_s: part.bucket_s,
        group: groupValues(part, columns),
        counts: { ...NO_COUNTS },
      };
      accs.set(key, acc);
    }
    addCounts(acc, part);
  }
}

function compareAccs(a: Acc, b: Acc): number {
  if (a.bucket_s !== b.bucket_s) return a.bucket_s - b.bucket_s;
  const left = JSON.stringify(Object.values(a.group));
  const right = JSON.stringify(Object.values(b.group));
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Rows by bucket, then group values. Outside the app view a row exists
 * wherever any read counted something. In the app view (`columns` holding
 * `app`, or an app filter) a row exists per app with failures, and takes
 * the usage of its devices' group (`columns` without `app`) as denominator.
 */
export function assembleMetrics(
  parts: MetricParts,
  columns: readonly GroupColumn[],
  interval: ReliabilityInterval,
  appView: boolean,
): ReliabilityMetricsRow[] {
  const accs = new Map<string, Acc>();
  if (appView) {
    const deviceColumns = columns.filter((column) => column !== 'app');
    const usageOf = new Map(
      parts.usage.map((part) => [rowKey(part.bucket_s, part, deviceColumns), part]),
    );
    fold(accs, parts.events, columns);
    for (const acc of accs.values()) {
      const fleet = usageOf.get(rowKey(acc.bucket_s, acc.group, deviceColumns));
      if (fleet !== undefined) addCounts(acc, fleet);
    }
  } else {
    for (const list of [parts.usage, parts.events, parts.restarts, parts.boots]) {
      fold(accs, list, columns);
    }
  }
  return [...accs.values()].sort(compareAccs).map((acc) => ({
    ...(interval === 'none' ? {} : { bucket: isoOf(acc.bucket_s) }),
    ...acc.group,
    ...deriveMetrics(acc.counts, appView),
  }));
}
