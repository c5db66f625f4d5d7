import type { ReliabilityFilters } from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import { selectRows } from '../../sla/read/rollup-sql.ts';
import type { ReadPlan } from '../range.ts';
import {
  bucketSql,
  columnList,
  deviceFilterSql,
  FINAL_BY_PARTITION,
  inventoryJoin,
  rollupSource,
  scopeParams,
  type GroupColumn,
  type GroupValues,
} from './sql.ts';

export interface UsageCounts {
  devices: number;
  device_days: number;
  usage_slots: number;
  cpu_samples: number;
  cpu_high: number;
  mem_samples: number;
  mem_high: number;
  disk_samples: number;
  disk_low: number;
}

export interface UsageSqlRow extends GroupValues, Partial<UsageCounts> {
  devices: number;
  bucket_s: number;
}

/** How much a read needs: active devices only, plus usage, plus pressure. */
export type UsageDetail = 'devices' | 'usage' | 'full';

/** Read per row; the `*_samples` counts are `samples` minus the matching `*_missing`. */
const PRESSURE = [
  'samples',
  'cpu_missing',
  'cpu_high',
  'mem_missing',
  'mem_high',
  'disk_missing',
  'disk_low',
] as const;

function bitmapsOf(detail: UsageDetail): string[] {
  if (detail === 'devices') return [];
  return detail === 'full' ? ['usage_slots', ...PRESSURE] : ['usage_slots'];
}

function countsSql(detail: UsageDetail): string {
  if (detail === 'devices') return '';
  const sums = bitmapsOf(detail)
    .filter((name) => name !== 'samples' && !name.endsWith('_missing'))
    .map((name) => `sum(bitmapCardinality(${name})) AS ${name}`);
  const carried =
    detail === 'full'
      ? ['cpu', 'mem', 'disk'].map(
          (gauge) =>
            `sum(bitmapCardinality(samples)) - sum(bitmapCardinality(${gauge}_missing)) AS ${gauge}_samples`,
        )
      : [];
  return [`uniqExact(device_id, toDate(unit_start)) AS device_days`, ...sums, ...carried]
    .map((column) => `,\n  ${column}`)
    .join('');
}

/**
 * Rows with the same key (tenant, hour or day, device) may not be merged
 * yet (AggregatingMergeTree): FINAL merges their bitmaps on read, so each
 * bitmap is counted once it holds every position seen in its hour or day.
 * (Measured: 3× faster than groupBitmapMerge per (unit, device) on a day
 * of 5-minute samples, and exactly the same counts.) Bitmap positions are
 * relative to their hour or day, so only their counts are summed across
 * units into buckets. Every row comes from a sample: a device is active in
 * a bucket exactly when it has a row there.
 */
function usageSql(
  store: Store,
  plan: ReadPlan,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
  detail: UsageDetail,
): string {
  const source = rollupSource(store, plan, 'device');
  const by = columnList(columns);
  return `
SELECT ${bucketSql(plan.interval, 'unit_start')} AS bucket_s, ${by}
  uniqExact(device_id) AS devices${countsSql(detail)}
FROM (
  SELECT device_id, ${source.unitStart} AS unit_start${columnList(bitmapsOf(detail), ', ')}
  FROM ${source.table} FINAL
  WHERE tenant = {tenant:String} AND ${source.inRange}${deviceFilterSql(filters)}
) AS r${inventoryJoin(store, columns, filters)}
GROUP BY ${by}bucket_s
${FINAL_BY_PARTITION}`;
}

/** Active devices, device-days, usage slots and pressure samples per bucket × group. */
export function readUsage(
  store: Store,
  tenant: string,
  plan: ReadPlan,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
  detail: UsageDetail = 'full',
): Promise<UsageSqlRow[]> {
  return selectRows<UsageSqlRow>(
    store,
    usageSql(store, plan, columns, filters, detail),
    scopeParams(tenant, plan, filters),
  );
}
