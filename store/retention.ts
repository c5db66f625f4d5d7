import type { Config } from '../schemas/config.ts';
import type { Store } from './client.ts';

interface TtlTable {
  table: string;
  /** The TTL expression's time, as ClickHouse prints it back. */
  time: string;
  days: number;
}

function ttlTables(retention: Config['retention']): TtlTable[] {
  const raw = 'toDateTime(occurred_at)';
  const hourly = retention.hourlyRollupDays;
  const daily = retention.dailyRollupDays;
  return [
    { table: 'endpoint_samples', time: raw, days: retention.samplesDays },
    { table: 'endpoint_events', time: raw, days: retention.endpointEventsDays },
    { table: 'reliability_device_hourly', time: 'hour', days: hourly },
    { table: 'reliability_events_hourly', time: 'hour', days: hourly },
    { table: 'reliability_device_daily', time: 'day', days: daily },
    { table: 'reliability_events_daily', time: 'day', days: daily },
    { table: 'device_power', time: 'toDateTime(at)', days: daily },
  ];
}

/** The TTL clause as ClickHouse prints it back in create_table_query. */
export function ttlClause(days: number, time = 'toDateTime(occurred_at)'): string {
  return `TTL ${time} + toIntervalDay(${days})`;
}

/**
 * Brings the raw telemetry TTLs in line with the configuration. Retention is
 * configuration, not schema, so it lives outside the checksummed migrations.
 * Only a changed TTL is altered, and without an immediate rewrite of old
 * parts (expired parts drop as merges reach them).
 */
export async function applyRetention(
  store: Store,
  retention: Config['retention'],
): Promise<string[]> {
  const changed: string[] = [];
  const suffix = store.cluster === undefined ? '' : '_local';
  const onCluster = store.cluster === undefined ? '' : ` ON CLUSTER ${store.cluster}`;
  for (const { table, time, days } of ttlTables(retention)) {
    const name = `${table}${suffix}`;
    const result = await store.client.query({
      query:
        'SELECT create_table_query FROM system.tables WHERE database = {db:String} AND name = {name:String}',
      query_params: { db: store.database, name },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ create_table_query: string }>();
    if (row === undefined) continue;
    const hasTtl = row.create_table_query.includes(' TTL ');
    const wanted = days === 0 ? '' : ttlClause(days, time);
    if (days === 0 ? !hasTtl : row.create_table_query.includes(wanted)) continue;
    const alter = days === 0 ? 'REMOVE TTL' : `MODIFY ${wanted}`;
    await store.client.command({
      query: `ALTER TABLE ${store.database}.${name}${onCluster} ${alter}`,
      clickhouse_settings: { materialize_ttl_after_modify: 0 },
    });
    changed.push(`${table}: ${days === 0 ? 'kept forever' : `${days} days`}`);
  }
  return changed;
}
