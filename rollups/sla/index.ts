export type { BusinessInterval } from './calendar.ts';
export {
  BusinessCalendar,
  CALENDAR_END_YEAR,
  CALENDAR_MIN_YEAR,
  addBusinessSeconds,
  businessSeconds,
  expandCalendar,
  wallToUtc,
} from './calendar.ts';
