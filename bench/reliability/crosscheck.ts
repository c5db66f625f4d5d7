/**
 * Do the rollups and the raw rows tell the same story? The fleet's figures
 * over the 30 days (late batch included), and usage hours and app crashes
 * per model, from the product's read and from raw SQL.
 */
import { readReliabilityMetrics } from '../../rollups/reliability/index.ts';
import type { ReliabilityMetricsRow } from '../../schemas/reliability.ts';
import { reliabilityMetricsQuerySchema } from '../../schemas/reliability.ts';
import { rawMetrics } from './raw-queries.ts';
import { fleetTotals, rawScope, type Reads } from './queries.ts';
import type { Agreement } from './report.ts';
import { DAY_S, NOW_MS, RANGE_DAYS } from './workload.ts';

const FLEET_FIGURES = [
  'devices',
  'device_days',
  'usage_hours',
  'app_crashes',
  'app_hangs',
  'os_crashes',
  'failing_devices',
  'shutdowns',
  'unclean_shutdowns',
  'boots',
  'boot_p50_s',
  'boot_p95_s',
  'cpu_pressure_pct',
  'mem_pressure_pct',
  'disk_pressure_pct',
] as const satisfies readonly (keyof ReliabilityMetricsRow)[];

const asNumber = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export interface ModelAgreement {
  model: string;
  usageHours: [number, number | null];
  appCrashes: [number, number | null];
}

export async function crossCheck(
  reads: Reads,
): Promise<{ fleet: Agreement[]; byModel: ModelAgreement[] }> {
  const scope = rawScope(reads);
  const rollup = await fleetTotals(reads);
  const [raw] = await rawMetrics(scope, 'none', []);
  const fleet: Agreement[] = FLEET_FIGURES.map((name) => ({
    figure: name,
    rollups: asNumber(rollup?.[name]),
    raw: asNumber(raw?.[name]),
  }));
  const query = reliabilityMetricsQuerySchema.parse({
    from: new Date(NOW_MS - RANGE_DAYS * DAY_S * 1000).toISOString(),
    to: new Date(NOW_MS).toISOString(),
    group_by: 'model',
  });
  const byModel = await readReliabilityMetrics(reads.store, reads.tenant, query, NOW_MS, {
    hourlyRollupDays: reads.hourlyRollupDays,
  });
  const rawByModel = new Map(
    (await rawMetrics(scope, 'none', ['model'])).map((row) => [row.model ?? '', row]),
  );
  return {
    fleet,
    byModel: byModel.rows.map((row) => {
      const other = rawByModel.get(row.model ?? '');
      return {
        model: row.model ?? '',
        usageHours: [row.usage_hours, other?.usage_hours ?? null],
        appCrashes: [row.app_crashes, other?.app_crashes ?? null],
      };
    }),
  };
}
