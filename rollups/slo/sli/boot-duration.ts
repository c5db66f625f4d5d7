import { instantRangeSql, rangeParams, type SliRange, type SqlQuery } from './window-counts.ts';

/*
 * boot_duration: one event per reported boot that carries a duration, at the
 * boot's instant; good when boot_duration_s ≤ the threshold. Boots derived
 * from uptime (`uptime_boot`) have no duration and do not count. A boot
 * re-sent with the same device and instant is one boot (FINAL dedups by key;
 * the latest copy's duration wins). Compared as Float32, the stored type, so
 * a boot reported as 59.9 s meets a 59.9 s threshold.
 */
export function bootDurationEvents(
  table: (name: string) => string,
  range: SliRange,
  underS: number,
): SqlQuery {
  return {
    sql: `SELECT toUnixTimestamp64Milli(at) AS event_ms,
  toUInt8(assumeNotNull(boot_duration_s) <= toFloat32({under_s:Float64})) AS good
FROM ${table('device_power')} FINAL
WHERE tenant = {tenant:String} AND kind = 'boot' AND ${instantRangeSql('at')}
  AND boot_duration_s IS NOT NULL`,
    params: { ...rangeParams(range), under_s: underS },
  };
}
