import type {
  SilentDeviceRow,
  SilentDevicesQuery,
  SilentDevicesResponse,
} from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import { isoOf, selectRows } from '../../sla/read/rollup-sql.ts';
import { deviceFilterSql, scopeParams } from './sql.ts';

interface SilentSqlRow extends Omit<SilentDeviceRow, 'last_seen' | 'hours_silent'> {
  last_seen_ms: number;
  total: number;
}

const INVENTORY_FILTERS = ['model', 'site', 'os_version'] as const;

/**
 * Devices whose newest sample is more than `hours` before now, most
 * recently silent first: an agent that stopped yesterday needs a look, one
 * silent for months is probably a retired machine. `total` counts them all.
 */
export async function readSilentDevices(
  store: Store,
  tenant: string,
  query: SilentDevicesQuery,
  nowMs: number,
): Promise<SilentDevicesResponse> {
  const inventory = INVENTORY_FILTERS.filter((column) => query[column] !== undefined)
    .map((column) => ` AND ${column} IN {${column}:Array(String)}`)
    .join('');
  const sql = `
SELECT device_id, model, site, os, os_version, agent_version,
  toUnixTimestamp64Milli(last_seen) AS last_seen_ms,
  count() OVER () AS total
FROM ${store.table('devices_latest')}
WHERE tenant = {tenant:String} AND last_seen < fromUnixTimestamp64Milli({cutoff_ms:Int64}, 'UTC')${deviceFilterSql(query)}${inventory}
ORDER BY last_seen DESC, device_id
LIMIT {limit:UInt32}`;
  const rows = await selectRows<SilentSqlRow>(store, sql, {
    ...scopeParams(tenant, { fromMs: nowMs, toMs: nowMs }, query),
    cutoff_ms: Math.round(nowMs - query.hours * 3_600_000),
    limit: query.limit,
  });
  return {
    tenant,
    as_of: isoOf(Math.floor(nowMs / 1000)),
    silent_devices: rows[0]?.total ?? 0,
    rows: rows.map(({ last_seen_ms, total: _total, ...device }) => ({
      ...device,
      last_seen: new Date(last_seen_ms).toISOString().replace('.000Z', 'Z'),
      hours_silent: (nowMs - last_seen_ms) / 3_600_000,
    })),
  };
}
