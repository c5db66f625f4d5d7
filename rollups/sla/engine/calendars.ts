import type { Store } from '../../../store/client.ts';
import { CALENDAR_END_YEAR, CALENDAR_MIN_YEAR, expandCalendar } from '../calendar.ts';
import type { KeyedCalendar } from './compile.ts';

const FROM_MS = Date.UTC(CALENDAR_MIN_YEAR, 0, 1);
const TO_MS = Date.UTC(CALENDAR_END_YEAR, 0, 1);

/** The calendar table's rows for one calendar: 1990–2100, the accepted range of timestamps. */
export function calendarRows(keyed: KeyedCalendar): CalendarRow[] {
  return expandCalendar(keyed.calendar, FROM_MS, TO_MS).map((interval) => ({
    cal_key: keyed.key,
    start_s: interval.startMs / 1000,
    end_s: interval.endMs / 1000,
    cum_before: interval.cumBeforeS,
  }));
}

export interface CalendarRow {
  cal_key: string;
  start_s: number;
  end_s: number;
  cum_before: number;
}

/**
 * Makes sure every calendar is in the calendar table. A calendar's rows go in
 * with one insert, so a key is either wholly present or absent.
 */
export async function ensureCalendars(
  store: Store,
  calendars: Iterable<KeyedCalendar>,
): Promise<void> {
  const table = store.table('sla_calendar_intervals');
  const wanted = [...calendars];
  const result = await store.client.query({
    query: `SELECT DISTINCT cal_key FROM ${table} WHERE cal_key IN {keys:Array(String)}`,
    query_params: { keys: wanted.map((keyed) => keyed.key) },
    format: 'JSONEachRow',
  });
  const present = new Set((await result.json<{ cal_key: string }>()).map((row) => row.cal_key));
  const seen = new Set<string>();
  for (const keyed of wanted) {
    if (present.has(keyed.key) || seen.has(keyed.key)) continue;
    seen.add(keyed.key);
    await store.client.insert({ table, values: calendarRows(keyed), format: 'JSONEachRow' });
  }
}
