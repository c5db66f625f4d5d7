/**
 * The dashboards' reads over the raw tables (raw-sql.ts), assembled into the
 * product's response rows with the product's own pure code (assembleMetrics,
 * scoreOf), so the only difference measured is where the counts come from:
 * rollups or raw rows.
 */
import { assembleMetrics, type Part } from '../../rollups/reliability/assemble.ts';
import { BOOT_MERGE_S, LOOKBACK_DAYS, scoreOf } from '../../rollups/reliability/index.ts';
import { ratio, selectRows } from '../../rollups/sla/read/rollup-sql.ts';
import type {
  DeviceTicketsRow,
  ReliabilityMetricsRow,
  ReliabilityScoreRow,
  ScoreEntity,
  SilentDeviceRow,
} from '../../schemas/reliability.ts';
import type { Store } from '../../store/client.ts';
import {
  RAW_COLUMNS,
  rawActiveDevicesSql,
  rawBootsSql,
  rawEventsSql,
  rawRestartsSql,
  rawSilentSql,
  rawTicketsSql,
  rawUsageSql,
  type RawColumn,
  type RawInterval,
} from './raw-sql.ts';

type Group = Partial<Record<RawColumn, string>>;

/** The range and the instant the dashboards ask about. */
export interface RawScope {
  store: Store;
  tenant: string;
  fromMs: number;
  toMs: number;
  nowMs: number;
}

function params(scope: RawScope): Record<string, unknown> {
  const fromS = Math.floor(scope.fromMs / 1000);
  return {
    tenant: scope.tenant,
    from_s: fromS,
    to_s: Math.ceil(scope.toMs / 1000),
    look_s: fromS - LOOKBACK_DAYS * 86_400,
    merge_s: BOOT_MERGE_S,
  };
}

const keyOf = (bucketS: number, group: Group, columns: readonly RawColumn[]): string =>
  JSON.stringify([bucketS, ...columns.map((column) => group[column] ?? '')]);

const groupOf = (row: Group, columns: readonly RawColumn[]): Group =>
  Object.fromEntries(columns.map((column) => [column, row[column] ?? '']));

/** Metrics rows as readReliabilityMetrics returns them, from the raw tables. */
export async function rawMetrics(
  scope: RawScope,
  interval: RawInterval,
  groupBy: readonly RawColumn[],
): Promise<ReliabilityMetricsRow[]> {
  const { store } = scope;
  const db = store.database;
  const columns = RAW_COLUMNS.filter((column) => groupBy.includes(column));
  const deviceColumns = columns.filter((column) => column !== 'app');
  const appView = columns.includes('app');
  const p = params(scope);
  // One after another: the embedded engine runs parameterised queries one at a time anyway.
  const usage = await selectRows<Part>(store, rawUsageSql(db, interval, deviceColumns), p);
  const events = await selectRows<Part>(store, rawEventsSql(db, interval, columns, appView), p);
  const restarts = appView
    ? []
    : await selectRows<Part>(store, rawRestartsSql(db, interval, columns), p);
  const boots = appView ? [] : await selectRows<Part>(store, rawBootsSql(db, interval, columns), p);
  return assembleMetrics({ usage, events, restarts, boots }, columns, interval, appView);
}

const ENTITY_COLUMNS: Record<ScoreEntity, RawColumn[]> = {
  device: ['device_id', 'model', 'site', 'os_version'],
  model: ['model'],
  site: ['site'],
  os_version: ['os_version'],
  app: ['app'],
};

/** Scores as readReliabilityScores returns them (worst first), from the raw tables. */
export async function rawScores(
  scope: RawScope,
  entity: ScoreEntity,
  limit: number,
): Promise<ReliabilityScoreRow[]> {
  const columns = ENTITY_COLUMNS[entity];
  const metrics = await rawMetrics(scope, 'none', columns);
  const rows = metrics.map((row) => ({ ...groupOf(row, columns), ...scoreOf(entity, row) }));
  const name = (row: ReliabilityScoreRow): string =>
    JSON.stringify([row.device_id, row.model, row.site, row.os_version, row.app]);
  return rows
    .sort((a, b) => {
      if (a.score !== b.score) {
        if (a.score === null) return 1;
        if (b.score === null) return -1;
        return a.score - b.score;
      }
      return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
    })
    .slice(0, limit);
}

/** Silent devices as readSilentDevices returns them, from the raw samples. */
export async function rawSilentDevices(
  scope: RawScope,
  hours: number,
  limit: number,
): Promise<{ total: number; rows: SilentDeviceRow[] }> {
  type Row = Omit<SilentDeviceRow, 'last_seen' | 'hours_silent'> & {
    last_seen_ms: number;
    total: number;
  };
  const rows = await selectRows<Row>(scope.store, rawSilentSql(scope.store.database), {
    tenant: scope.tenant,
    cutoff_ms: Math.round(scope.nowMs - hours * 3_600_000),
    limit,
  });
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map(({ last_seen_ms, total: _total, ...device }) => ({
      ...device,
      last_seen: new Date(last_seen_ms).toISOString(),
      hours_silent: (scope.nowMs - last_seen_ms) / 3_600_000,
    })),
  };
}

/** Tickets per group as readDeviceTickets returns them, from ticket_events and raw samples. */
export async function rawDeviceTickets(
  scope: RawScope,
  groupBy: readonly RawColumn[],
  limit: number,
): Promise<{ withoutDevice: number; rows: DeviceTicketsRow[] }> {
  const { store } = scope;
  const db = store.database;
  const columns = RAW_COLUMNS.filter((column) => groupBy.includes(column));
  const deviceColumns = columns.filter((column) => column !== 'app');
  const p = { ...params(scope), limit };
  const linked = await selectRows<Group & { tickets: number }>(
    store,
    rawTicketsSql(db, columns, true),
    p,
  );
  const [unlinked] = await selectRows<{ tickets: number }>(
    store,
    rawTicketsSql(db, columns, false),
    p,
  );
  const active = await selectRows<Group & { devices: number }>(
    store,
    rawActiveDevicesSql(db, deviceColumns),
    p,
  );
  const devicesOf = new Map(active.map((row) => [keyOf(0, row, deviceColumns), row.devices]));
  return {
    withoutDevice: unlinked?.tickets ?? 0,
    rows: linked.map((row) => {
      const devices = devicesOf.get(keyOf(0, row, deviceColumns)) ?? 0;
      return {
        ...groupOf(row, columns),
        tickets: row.tickets,
        devices,
        tickets_per_100_devices: ratio(row.tickets, devices),
      };
    }),
  };
}
