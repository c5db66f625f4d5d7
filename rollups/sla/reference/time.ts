/**
 * Whole-second instants (docs/sla.md §1): every instant the reference works
 * with is a count of UTC seconds since the epoch.
 */

/** An RFC 3339 timestamp truncated to its whole UTC second: `floor(ms / 1000)`. */
export function toSeconds(timestamp: string): number {
  const ms = Date.parse(timestamp);
  if (!Number.isFinite(ms)) throw new RangeError(`not a timestamp: ${JSON.stringify(timestamp)}`);
  return Math.floor(ms / 1000);
}

/** Milliseconds (e.g. `nowMs`) truncated to the whole second. */
export function msToSeconds(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(ms)}`);
  return Math.floor(ms / 1000);
}

const pad2 = (value: number): string => (value < 10 ? `0${String(value)}` : String(value));

/**
 * `2026-03-02T10:00:00Z`: ISO 8601 in UTC, to the second, without
 * milliseconds. Formatted arithmetically (civil-from-days, H. Hinnant) for
 * years 0000–9999: it runs for every instant of every clock of a benchmark.
 */
export function isoSeconds(seconds: number): string {
  if (!Number.isSafeInteger(seconds)) throw new RangeError(`not whole seconds: ${String(seconds)}`);
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) throw new RangeError(`year ${String(year)} out of range`);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(secondOfDay % 60)}Z`;
}

const UNITS = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
] as const;

/** "4h", "1h30m", "2d3h", "45s", "0s"; "none" for null (as in explain notes). */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'none';
  if (seconds === 0) return '0s';
  let rest = Math.abs(seconds);
  let text = seconds < 0 ? '-' : '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${String(count)}${unit}`;
    rest -= count * size;
  }
  return text;
}
