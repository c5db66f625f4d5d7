import { createHash } from 'node:crypto';
import { BUILTIN_24X7_ID, CALENDAR_24X7 } from '../../../schemas/sla-calendar.ts';
import type { SlaCalendar } from '../../../schemas/sla-calendar.ts';
import type { SlaPolicy, SlaRule } from '../../../schemas/sla-policy.ts';

/** A calendar as the engine stores it: by a hash of its content. */
export interface KeyedCalendar {
  key: string;
  calendar: SlaCalendar;
}

/** A policy in the shape the clock SQL takes as parameters (`RULE_TUPLE`). */
export interface CompiledPolicy {
  rulesJson: string;
  statusMapJson: string;
  calendars: Map<string, KeyedCalendar>;
  /** Whether any rule matches on attributes (the SQL then keeps each ticket's attribute history). */
  usesAttributes: boolean;
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

function ruleRow(rule: SlaRule, calendar: KeyedCalendar): Record<string, unknown> {
  const attributes = Object.entries(rule.match.attributes ?? {});
  return {
    rule_id: rule.id,
    calendar_id: rule.calendar,
    cal_key: calendar.key,
    priority: rule.match.priority ?? [],
    queue: rule.match.queue ?? [],
    channel: rule.match.channel ?? [],
    organization: rule.match.organization ?? [],
    attr_keys: attributes.map(([key]) => key),
    attr_values: attributes.map(([, values]) => values),
    // -1 is "no target" in SQL: the metric is timed but cannot breach.
    first_response: rule.targets.first_response ?? -1,
    next_response: rule.targets.next_response ?? -1,
    resolution: rule.targets.resolution ?? -1,
    pause: rule.pause_statuses,
    warn_pct: rule.warn_pct,
    restart: rule.on_reopen === 'restart' ? 1 : 0,
  };
}

export function compilePolicy(policy: SlaPolicy): CompiledPolicy {
  const calendars = new Map<string, KeyedCalendar>();
  for (const calendar of [CALENDAR_24X7, ...policy.calendars]) {
    calendars.set(calendar.id, { key: calendarKey(calendar), calendar });
  }
  const rules = policy.rules.map((rule) => {
    const calendar = calendars.get(rule.calendar);
    // The schema refuses unknown calendars; reaching this is a programming error.
    if (calendar === undefined)
      throw new Error(`rule ${rule.id}: unknown calendar ${rule.calendar}`);
    return ruleRow(rule, calendar);
  });
  return {
    rulesJson: JSON.stringify(rules),
    statusMapJson: JSON.stringify(policy.status_map),
    calendars,
    usesAttributes: policy.rules.some(
      (rule) => Object.keys(rule.match.attributes ?? {}).length > 0,
    ),
  };
}

export { BUILTIN_24X7_ID };
