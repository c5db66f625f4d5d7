import type { Store } from '../../../store/client.ts';

/** How far a tenant's clocks under one policy version are computed. */
export interface Progress {
  /** Events ingested at or before this instant (ms) are reflected. */
  watermarkMs: number;
  /** The last `computed_seq` written. */
  seq: bigint;
  /** False while the first full recompute of this version is under way. */
  complete: boolean;
}

interface ProgressRow {
  watermark_ms: string;
  computed_seq: string;
  complete: number;
}

export async function readProgress(
  store: Store,
  tenant: string,
  version: number,
): Promise<Progress | undefined> {
  const result = await store.client.query({
    query: `SELECT toString(toUnixTimestamp64Milli(watermark)) AS watermark_ms, toString(computed_seq) AS computed_seq, complete
      FROM ${store.table('sla_progress')} FINAL
      WHERE tenant = {tenant:String} AND policy_version = {version:UInt32}`,
    query_params: { tenant, version },
    format: 'JSONEachRow',
  });
  const row = (await result.json<ProgressRow>())[0];
  if (row === undefined) return undefined;
  return {
    watermarkMs: Number(row.watermark_ms),
    seq: BigInt(row.computed_seq),
    complete: row.complete === 1,
  };
}

export async function writeProgress(
  store: Store,
  tenant: string,
  version: number,
  progress: Progress,
): Promise<void> {
  await store.client.insert({
    table: store.table('sla_progress'),
    values: [
      {
        tenant,
        policy_version: version,
        watermark: progress.watermarkMs,
        computed_seq: progress.seq.toString(),
        complete: progress.complete ? 1 : 0,
        updated_at: Date.now(),
      },
    ],
    format: 'JSONEachRow',
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
}

/** The newest policy version of a tenant whose clocks are completely computed. */
export async function latestCompleteVersion(
  store: Store,
  tenant: string,
): Promise<number | undefined> {
  const result = await store.client.query({
    query: `SELECT max(policy_version) AS version FROM ${store.table('sla_progress')} FINAL
      WHERE tenant = {tenant:String} AND complete = 1 HAVING count() > 0`,
    query_params: { tenant },
    format: 'JSONEachRow',
  });
  return (await result.json<{ version: number }>())[0]?.version;
}

/** The engine's clock (ms): ClickHouse's, since it stamps `ingested_at`. */
export async function storeNowMs(store: Store): Promise<number> {
  const result = await store.client.query({
    query: 'SELECT toString(toUnixTimestamp64Milli(now64(3))) AS now_ms',
    format: 'JSONEachRow',
  });
  const row = (await result.json<{ now_ms: string }>())[0];
  return Number(row?.now_ms ?? Date.now());
}
