import { createHash } from 'node:crypto';
import { CALENDAR_24X7 } from '../../../schemas/sla-calendar.ts';
import type { SlaCalendar } from '../../../schemas/sla-calendar.ts';
import type { SlaPolicy } from '../../../schemas/sla-policy.ts';
import { rulesSql, type RulesSql } from '../sql/rules.ts';

/** A calendar as the engine stores it: by a hash of its content. */
export interface KeyedCalendar {
  key: string;
  calendar: SlaCalendar;
}

/** A policy in the shape the clock SQL takes: rule SQL and parameters, calendars by key. */
export interface CompiledPolicy {
  rules: RulesSql;
  statusMapJson: string;
  calendars: Map<string, KeyedCalendar>;
}

/** Content key of a calendar: equal calendars share their table rows across versions. */
export function calendarKey(calendar: SlaCalendar): string {
  const canonical = JSON.stringify({
    time_zone: calendar.time_zone,
    weekly: calendar.weekly,
    holidays: [...calendar.holidays].sort(),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

// -1 is "no target" in SQL: the metric is timed but cannot breach.
const NO_TARGET = -1;

export function compilePolicy(policy: SlaPolicy): CompiledPolicy {
  const calendars = new Map<string, KeyedCalendar>();
  for (const calendar of [CALENDAR_24X7, ...policy.calendars]) {
    calendars.set(calendar.id, { key: calendarKey(calendar), calendar });
  }
  const calKeys = policy.rules.map((rule) => {
    const calendar = calendars.get(rule.calendar);
    // The schema refuses unknown calendars; reaching this is a programming error.
    if (calendar === undefined)
      throw new Error(`rule ${rule.id}: unknown calendar ${rule.calendar}`);
    return calendar.key;
  });
  const target = (metric: 'first_response' | 'next_response' | 'resolution'): number[] =>
    policy.rules.map((rule) => rule.targets[metric] ?? NO_TARGET);
  return {
    rules: rulesSql(policy.rules, calKeys, {
      first_response: target('first_response'),
      next_response: target('next_response'),
      resolution: target('resolution'),
    }),
    statusMapJson: JSON.stringify(policy.status_map),
    calendars,
  };
}
