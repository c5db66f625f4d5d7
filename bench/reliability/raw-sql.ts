/**
 * The dashboards' figures computed straight from the raw tables, as a
 * deployment without the rollups would have to: every query scans
 * endpoint_samples / endpoint_events / ticket_events for the range and
 * deduplicates as the rollups do (a sample is a distinct second of a device,
 * an event a distinct (device, type, app, millisecond), usage a distinct
 * 15-minute slot), and current inventory is each device's newest sample.
 * The figures follow docs/reliability.md and rollups/reliability/read/*, so
 * both sides can be compared number for number.
 */

import { restartRuleSql, USAGE_SLOT_MINUTES } from '../../rollups/reliability/index.ts';

/** Group columns, in the order the product lists them. */
export const RAW_COLUMNS = ['device_id', 'model', 'site', 'os_version', 'app'] as const;
export type RawColumn = (typeof RAW_COLUMNS)[number];
export type RawInterval = 'none' | 'day';

const INVENTORY: readonly RawColumn[] = ['model', 'site', 'os_version'];

const by = (columns: readonly RawColumn[]): string => columns.map((c) => `${c}, `).join('');

const bucket = (interval: RawInterval, expr: string): string =>
  interval === 'none' ? 'toInt64({from_s:Int64})' : `toUnixTimestamp(toStartOfDay(${expr}))`;

const inRange = (column: string): string =>
  `${column} >= toDateTime64({from_s:Int64}, 3, 'UTC') AND ${column} < toDateTime64({to_s:Int64}, 3, 'UTC')`;

/** Each device's current inventory: the newest non-empty value its samples carried. */
function inventory(db: string, columns: readonly RawColumn[]): string {
  const needed = INVENTORY.filter((column) => columns.includes(column));
  if (needed.length === 0) return '';
  const fields = needed.map((c) => `argMaxIf(toString(${c}), occurred_at, ${c} != '') AS ${c}`);
  return `
LEFT JOIN (
  SELECT device_id, ${fields.join(', ')}
  FROM ${db}.endpoint_samples
  WHERE tenant = {tenant:String} AND occurred_at < toDateTime64({to_s:Int64}, 3, 'UTC')
  GROUP BY device_id
) AS inv USING (device_id)`;
}

/**
 * Active devices, device-days, usage slots and pressure samples per bucket ×
 * group. Counted per device (or device-day) first, as small sets of
 * integers (seconds, slots), then summed across devices: several times
 * faster than distinct (device, second) pairs over the whole range.
 */
export function rawUsageSql(
  db: string,
  interval: RawInterval,
  columns: readonly RawColumn[],
): string {
  const second = 'toUnixTimestamp(occurred_at)';
  const seconds = (name: string, condition: string): string =>
    `uniqExactIf(${second}, ${condition}) AS ${name}`;
  // As the rollups count them: a second holding any sample without the gauge
  // counts as without it (docs/reliability.md).
  const sums = ['cpu_samples', 'cpu_high', 'mem_samples', 'mem_high', 'disk_samples', 'disk_low'];
  // Day buckets need a row per device-day; the whole range only per device.
  const perDay = interval === 'day';
  return `
SELECT ${bucket(interval, "toDateTime(day, 'UTC')")} AS bucket_s, ${by(columns)}
  uniqExact(device_id) AS devices,
  sum(days) AS device_days,
  sum(slots) AS usage_slots,
  ${sums.map((name) => `sum(${name}) AS ${name}`).join(', ')}
FROM (
  SELECT device_id, ${perDay ? "toDate(occurred_at, 'UTC') AS day, 1 AS days" : "uniqExact(toDate(occurred_at, 'UTC')) AS days"},
    uniqExact(intDiv(${second}, ${USAGE_SLOT_MINUTES * 60})) AS slots,
    uniqExact(${second}) - uniqExactIf(${second}, cpu_pct IS NULL) AS cpu_samples, ${seconds('cpu_high', 'cpu_pct > 90')},
    uniqExact(${second}) - uniqExactIf(${second}, mem_pct IS NULL) AS mem_samples, ${seconds('mem_high', 'mem_pct > 90')},
    uniqExact(${second}) - uniqExactIf(${second}, disk_free_pct IS NULL) AS disk_samples, ${seconds('disk_low', 'disk_free_pct < 10')}
  FROM ${db}.endpoint_samples
  WHERE tenant = {tenant:String} AND ${inRange('occurred_at')}
  GROUP BY device_id${perDay ? ', day' : ''}
) AS s${inventory(db, columns)}
GROUP BY ${by(columns)}bucket_s`;
}

/** Distinct failure events per bucket × group; in the app view only those naming an app. */
export function rawEventsSql(
  db: string,
  interval: RawInterval,
  columns: readonly RawColumn[],
  appView: boolean,
): string {
  const event = '(device_id, app, occurred_at)';
  const types = appView
    ? `('app_crash', 'app_hang', 'service_failure') AND app != ''`
    : `('app_crash', 'app_hang', 'os_crash', 'service_failure')`;
  return `
SELECT ${bucket(interval, 'occurred_at')} AS bucket_s, ${by(columns)}
  uniqExactIf(${event}, type = 'app_crash') AS app_crashes,
  uniqExactIf(${event}, type = 'app_hang') AS app_hangs,
  uniqExactIf(${event}, type = 'os_crash') AS os_crashes,
  uniqExactIf(${event}, type = 'service_failure') AS service_failures,
  uniqExact(device_id) AS failing_devices
FROM (
  SELECT device_id, type, toString(app) AS app, occurred_at
  FROM ${db}.endpoint_events
  WHERE tenant = {tenant:String} AND ${inRange('occurred_at')} AND type IN ${types}
) AS e${inventory(
    db,
    columns.filter((c) => c !== 'app'),
  )}
GROUP BY ${by(columns)}bucket_s`;
}

/**
 * Restarts and unclean shutdowns by the product's own rule (restartRuleSql),
 * over a power history rebuilt from the raw tables instead of device_power:
 * boot and shutdown events (one per device, instant and kind, the newest
 * copy winning) and boots derived from every sample's uptime counter,
 * looking back to {look_s}. What this checks is the views and the table.
 */
export function rawRestartsSql(
  db: string,
  interval: RawInterval,
  columns: readonly RawColumn[],
): string {
  return `
SELECT ${bucket(interval, 'start')} AS bucket_s, ${by(columns)}
  count() AS shutdowns,
  countIf(clean_seen = 0 OR unclean_seen = 1) AS unclean_shutdowns
FROM (${restartRuleSql(rawPowerSql(db), inRange('start'))}
) AS r${inventory(db, columns)}
GROUP BY ${by(columns)}bucket_s`;
}

/** device_power's rows, from the raw tables: what its views would have written, deduplicated as FINAL. */
function rawPowerSql(db: string): string {
  return `
  SELECT device_id, at, kind, argMax(clean, ingested_at) AS clean,
    argMax(boot_duration_s, ingested_at) AS boot_duration_s
  FROM (
    SELECT device_id, occurred_at AS at, toString(type) AS kind, clean, boot_duration_s, ingested_at
    FROM ${db}.endpoint_events
    WHERE tenant = {tenant:String} AND type IN ('boot', 'shutdown')
      AND occurred_at >= toDateTime64({look_s:Int64}, 3, 'UTC')
    UNION ALL
    SELECT device_id,
      toDateTime64(toStartOfMinute(toDateTime(occurred_at, 'UTC') - toIntervalSecond(uptime_s)), 3, 'UTC') AS at,
      'uptime_boot' AS kind, CAST(NULL AS Nullable(Bool)) AS clean,
      CAST(NULL AS Nullable(Float32)) AS boot_duration_s, ingested_at
    FROM ${db}.endpoint_samples
    WHERE tenant = {tenant:String} AND uptime_s IS NOT NULL
      AND occurred_at >= toDateTime64({look_s:Int64}, 3, 'UTC')
  )
  WHERE at >= toDateTime64({look_s:Int64}, 3, 'UTC')
    AND at < toDateTime64({to_s:Int64} + {merge_s:Int64}, 3, 'UTC')
  GROUP BY device_id, at, kind`;
}

/** Reported boot durations, each boot (device, instant) once, with exact p50 and p95. */
export function rawBootsSql(
  db: string,
  interval: RawInterval,
  columns: readonly RawColumn[],
): string {
  return `
SELECT ${bucket(interval, 'at')} AS bucket_s, ${by(columns)}
  count() AS boots,
  quantilesExactWeighted(0.5, 0.95)(duration, 1) AS q
FROM (
  SELECT device_id, occurred_at AS at, assumeNotNull(argMax(boot_duration_s, ingested_at)) AS duration
  FROM ${db}.endpoint_events
  WHERE tenant = {tenant:String} AND type = 'boot' AND boot_duration_s IS NOT NULL
    AND ${inRange('occurred_at')}
  GROUP BY device_id, at
) AS r${inventory(db, columns)}
GROUP BY ${by(columns)}bucket_s`;
}

/**
 * Devices whose newest sample is older than {cutoff_ms}, most recently silent
 * first: the newest sample of every device, then inventory for those only.
 */
export function rawSilentSql(db: string): string {
  const newest = (c: string): string => `argMaxIf(toString(${c}), occurred_at, ${c} != '') AS ${c}`;
  return `
SELECT device_id, model, site, os, os_version, agent_version, last_seen_ms, count() OVER () AS total
FROM (
  SELECT device_id, ${['model', 'site', 'os', 'os_version', 'agent_version'].map(newest).join(', ')},
    toUnixTimestamp64Milli(max(occurred_at)) AS last_seen_ms
  FROM ${db}.endpoint_samples
  WHERE tenant = {tenant:String} AND device_id IN (
    SELECT device_id FROM ${db}.endpoint_samples
    WHERE tenant = {tenant:String}
    GROUP BY device_id
    HAVING toUnixTimestamp64Milli(max(occurred_at)) < {cutoff_ms:Int64}
  )
  GROUP BY device_id
)
ORDER BY last_seen_ms DESC, device_id
LIMIT {limit:UInt32}`;
}

/** Each ticket's device, app and creation, from its lifecycle events. */
const TICKETS = (db: string): string => `(
  SELECT ticket_id,
    argMaxIf(device_id, occurred_at, device_id != '') AS device_id,
    argMaxIf(attributes['app'], occurred_at, attributes['app'] != '') AS app,
    ifNull(minIf(toNullable(occurred_at), type = 'created'), min(occurred_at)) AS created
  FROM ${db}.ticket_events
  WHERE tenant = {tenant:String}
  GROUP BY ticket_id
  HAVING ${inRange('created')}
) AS t`;

/** Tickets created in the range per group, most first; `linked` false counts those without a device. */
export function rawTicketsSql(db: string, columns: readonly RawColumn[], linked: boolean): string {
  if (!linked) return `SELECT count() AS tickets FROM ${TICKETS(db)} WHERE device_id = ''`;
  const groupBy = columns.length === 0 ? '' : `GROUP BY ${columns.join(', ')}`;
  return `
SELECT ${by(columns)}count() AS tickets
FROM ${TICKETS(db)}${inventory(db, columns)}
WHERE device_id != ''
${groupBy}
ORDER BY tickets DESC${columns.map((column) => `, ${column}`).join('')}
LIMIT {limit:UInt32}`;
}

/** Devices with samples in the range, per group. */
export function rawActiveDevicesSql(db: string, columns: readonly RawColumn[]): string {
  return `
SELECT ${by(columns)}uniqExact(device_id) AS devices
FROM (
  SELECT DISTINCT device_id FROM ${db}.endpoint_samples
  WHERE tenant = {tenant:String} AND ${inRange('occurred_at')}
) AS s${inventory(db, columns)}
${columns.length === 0 ? '' : `GROUP BY ${columns.join(', ')}`}`;
}
