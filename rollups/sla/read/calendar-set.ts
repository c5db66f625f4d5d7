import { CALENDAR_24X7 } from '../../../schemas/sla-calendar.ts';
import type { SlaPolicy } from '../../../schemas/sla-policy.ts';
import { BusinessCalendar } from '../calendar.ts';

/**
 * A policy's calendars by id, built once per policy object: calendars expand
 * lazily per year, so keeping them spares repeated work on every request.
 */
export class CalendarSet {
  static readonly #cache = new WeakMap<SlaPolicy, CalendarSet>();
  readonly #byId = new Map<string, BusinessCalendar>();

  private constructor(policy: SlaPolicy) {
    for (const calendar of [CALENDAR_24X7, ...policy.calendars]) {
      this.#byId.set(calendar.id, new BusinessCalendar(calendar));
    }
  }

  static of(policy: SlaPolicy): CalendarSet {
    let set = CalendarSet.#cache.get(policy);
    if (set === undefined) {
      set = new CalendarSet(policy);
      CalendarSet.#cache.set(policy, set);
    }
    return set;
  }

  get(id: string): BusinessCalendar | undefined {
    return this.#byId.get(id);
  }
}
