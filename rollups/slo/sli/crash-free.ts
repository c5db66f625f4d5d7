import { rangeParams, type SliRange, type SqlQuery } from './window-counts.ts';

/*
 * crash_free_device_days: one event per device and UTC day with at least one
 * sample; bad when the device had an app_crash or os_crash that day (crashes
 * on a day without samples are not counted: the device-day is no event).
 *
 * Event instant: a good device-day counts at its first sample; a bad one at
 * its first crash, so a short window sees a crash minutes after it happens
 * rather than whenever the day's first sample fell. Both are read as of now:
 * samples and crashes after now do not exist yet.
 */
export function crashFreeEvents(table: (name: string) => string, range: SliRange): SqlQuery {
  const days = `tenant = {tenant:String} AND day >= {from_day:Date} AND day <= {to_day:Date}`;
  const asOfNow = (column: string): string =>
    `${column} <= fromUnixTimestamp64Milli({now_ms:Int64}, 'UTC')`;
  return {
    sql: `SELECT ifNull(crash_ms, assumeNotNull(sample_ms)) AS event_ms, toUInt8(crash_ms IS NULL) AS good
FROM (
  SELECT device_id, day, min(sample_ms) AS sample_ms, min(crash_ms) AS crash_ms
  FROM (
    SELECT device_id, day,
      toNullable(toUnixTimestamp64Milli(first_sample_at)) AS sample_ms,
      CAST(NULL AS Nullable(Int64)) AS crash_ms
    FROM ${table('reliability_device_daily')}
    WHERE ${days} AND ${asOfNow('first_sample_at')}
    UNION ALL
    SELECT device_id, day,
      CAST(NULL AS Nullable(Int64)) AS sample_ms,
      toNullable(toUnixTimestamp64Milli(first_at)) AS crash_ms
    FROM ${table('reliability_events_daily')}
    WHERE ${days} AND type IN ('app_crash', 'os_crash') AND ${asOfNow('first_at')}
  )
  GROUP BY device_id, day
  HAVING sample_ms IS NOT NULL
)`,
    params: rangeParams(range),
  };
}
