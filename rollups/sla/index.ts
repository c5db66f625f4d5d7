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
export type {
  ComputeClocksOptions,
  ComputedClocks,
  ExplainClock,
  ExplainEvent,
  ExplainSegment,
  SlaExplain,
} from './reference/index.ts';
export {
  CalendarCache,
  CompiledPolicy,
  MAX_EXPLAIN_INTERVALS,
  compilePolicy,
  computeClockRows,
  computeClocks,
  slaExplainSchema,
} from './reference/index.ts';
