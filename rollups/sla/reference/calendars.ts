import type { SlaCalendar } from '../../../schemas/sla-calendar.ts';
import { BUILTIN_24X7_ID, CALENDAR_24X7 } from '../../../schemas/sla-calendar.ts';
import type { SlaPolicy } from '../../../schemas/sla-policy.ts';
import { BusinessCalendar } from '../calendar.ts';

/** One 24x7 calendar for every policy: it has nothing policy-specific to cache. */
const BUILTIN_24X7 = new BusinessCalendar(CALENDAR_24X7);

/**
 * The business calendars of one policy (version), by id, built on first use.
 * A `BusinessCalendar` expands itself one year at a time and keeps the
 * expansion, so sharing one cache across all the tickets of a run means each
 * calendar-year is expanded once. The built-in `24x7` is always available.
 */
export class CalendarCache {
  readonly #definitions = new Map<string, SlaCalendar>();
  readonly #calendars = new Map<string, BusinessCalendar>();

  constructor(policy: Pick<SlaPolicy, 'calendars'>) {
    for (const calendar of policy.calendars) this.#definitions.set(calendar.id, calendar);
  }

  /** The calendar `id`; throws for an id the policy does not define. */
  get(id: string): BusinessCalendar {
    const cached = this.#calendars.get(id);
    if (cached !== undefined) return cached;
    const definition = this.#definitions.get(id);
    if (definition === undefined) {
      if (id === BUILTIN_24X7_ID) return BUILTIN_24X7;
      throw new Error(`unknown calendar "${id}"`);
    }
    const calendar = new BusinessCalendar(definition);
    this.#calendars.set(id, calendar);
    return calendar;
  }
}
