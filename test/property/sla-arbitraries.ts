import fc from 'fast-check';
import type { SlaPolicy } from '../../schemas/sla-policy.ts';
import { slaPolicySchema } from '../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';

// Random SLA policies and ticket timelines for the SQL-vs-reference property.
// Windows straddle the DST changes of the zones drawn: New York (8 Mar,
// 1 Nov 2026), Berlin (29 Mar, 25 Oct), Lord Howe's 30-minute changes
// (5 Apr, 4 Oct); Kolkata has none and a half-hour offset.

export const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'UTC',
] as const;
const WINDOWS = [Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-09-28T00:00:00Z')];
export const WINDOW_DAYS = 45;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const STATUSES = [
  'new',
  'open',
  'pending',
  'on_hold',
  'solved',
  'closed',
  'Waiting',
  'Fixed',
  'odd',
];
const PRIORITIES = ['P1', 'P2', 'P3'];

const hhmm = (minutes: number): string =>
  minutes === 1440
    ? '24:00'
    : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const interval = fc
  .record({
    day: fc.constantFrom(...DAYS),
    start: fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
    length: fc.integer({ min: 2, max: 96 }).map((q) => q * 15),
  })
  .map(({ day, start, length }) => {
    const end = start + length;
    return { day, start: hhmm(start), end: end === 1440 ? '24:00' : hhmm(end % 1440) };
  });

const calendar = (id: string) =>
  fc.record({
    id: fc.constant(id),
    time_zone: fc.constantFrom(...ZONES),
    weekly: fc.oneof(
      fc.array(interval, { minLength: 1, maxLength: 6 }),
      fc.constant(DAYS.slice(0, 5).map((day) => ({ day, start: '08:00', end: '18:00' }))),
      fc.constant(DAYS.map((day) => ({ day, start: '00:00', end: '24:00' }))),
    ),
    holidays: fc.array(
      fc
        .integer({ min: 0, max: 200 })
        .map((d) =>
          new Date((WINDOWS[d % 2] ?? 0) + (d >> 1) * 86_400_000).toISOString().slice(0, 10),
        ),
      { maxLength: 3 },
    ),
  });

const target = fc.option(
  fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 3 * 86_400 }),
    fc.integer({ min: 1, max: 20 }).map((h) => h * 3600),
  ),
  { nil: undefined, freq: 4 },
);

const rule = (index: number, calendars: readonly string[]) =>
  fc.record({
    id: fc.constant(`r${String(index)}`),
    match: fc.oneof(
      fc.constant({}),
      fc.subarray(PRIORITIES, { minLength: 1 }).map((priority) => ({ priority })),
      fc.constantFrom(['yes'], ['no', 'maybe']).map((vip) => ({ attributes: { vip } })),
    ),
    calendar: fc.constantFrom('24x7', ...calendars),
    targets: fc.record({ first_response: target, next_response: target, resolution: target }),
    pause_statuses: fc.subarray(['new', 'open', 'pending', 'on_hold'] as const),
    warn_pct: fc.integer({ min: 1, max: 100 }),
    on_reopen: fc.constantFrom('continue' as const, 'restart' as const),
  });

/** A valid random policy (drawn inputs that the schema refuses, e.g. overlaps, are skipped). */
export const policyArb: fc.Arbitrary<SlaPolicy> = fc
  .tuple(fc.array(calendar('c'), { maxLength: 2 }), fc.integer({ min: 1, max: 3 }))
  .chain(([cals, ruleCount]) => {
    const calendars = cals.map((cal, i) => ({ ...cal, id: `cal${String(i)}` }));
    const ids = calendars.map((cal) => cal.id);
    return fc.record({
      calendars: fc.constant(calendars),
      status_map: fc.constantFrom({}, { Waiting: 'pending', Fixed: 'solved' }),
      rules: fc.tuple(...Array.from({ length: ruleCount }, (_, i) => rule(i, ids))),
    });
  })
  .map((input) => slaPolicySchema.safeParse(input).data)
  .filter((policy): policy is SlaPolicy => policy !== undefined);

const vipAttribute = fc.constantFrom('yes', 'no', 'maybe').map((vip) => ({ vip }));

const eventBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...STATUSES)
      .map((status) => ({ type: 'status_changed' as const, status })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        author_role: fc.constantFrom('agent' as const, 'customer' as const, 'system' as const),
        public: fc.boolean(),
      })
      .map((comment) => ({ type: 'commented' as const, comment })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...PRIORITIES)
      .map((priority) => ({ type: 'priority_changed' as const, priority })),
  },
  {
    weight: 1,
    arbitrary: vipAttribute.map((attributes) => ({
      type: 'attributes_changed' as const,
      attributes,
    })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'created' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 5 })
      .map((score) => ({ type: 'satisfaction' as const, satisfaction: { score } })),
  },
);

/** Offsets into the window: a coarse grid makes ties (equal instants) common. */
const offsetMs = fc.oneof(
  fc.integer({ min: 0, max: WINDOW_DAYS * 86_400_000 - 1 }),
  fc.integer({ min: 0, max: WINDOW_DAYS * 144 - 1 }).map((tenMinutes) => tenMinutes * 600_000),
);

const created = fc.record({
  priority: fc.option(fc.constantFrom(...PRIORITIES), { nil: undefined }),
  status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined, freq: 3 }),
  comment: fc.option(
    fc.record({
      author_role: fc.constantFrom('agent' as const, 'customer' as const),
      public: fc.boolean(),
    }),
    { nil: undefined },
  ),
});

/** One ticket's events, in no particular order, inside one of the windows. */
export function timelineArb(ticketId: string): fc.Arbitrary<TicketEvent[]> {
  return fc
    .record({
      window: fc.constantFrom(0, 1),
      created: fc.option(fc.tuple(created, offsetMs), { nil: undefined, freq: 8 }),
      rest: fc.array(fc.tuple(eventBody, offsetMs), { maxLength: 10 }),
    })
    .map(({ window, created: first, rest }) => {
      const start = WINDOWS[window] ?? 0;
      const at = (offset: number): string => new Date(start + offset).toISOString();
      const events: TicketEvent[] = [];
      const push = (
        body: Omit<TicketEvent, 'event_id' | 'ticket_id' | 'occurred_at'>,
        offset: number,
      ): void => {
        const clean = Object.fromEntries(
          Object.entries(body as Record<string, unknown>).filter(([, v]) => v !== undefined),
        );
        events.push({
          event_id: `${ticketId}-e${String(events.length).padStart(2, '0')}`,
          ticket_id: ticketId,
          occurred_at: at(offset),
          ...(clean as Omit<TicketEvent, 'event_id' | 'ticket_id' | 'occurred_at'>),
        });
      };
      if (first !== undefined) push({ type: 'created', ...first[0] }, first[1]);
      for (const [body, offset] of rest) push(body, offset);
      return events;
    });
}

/** When open clocks are evaluated: after every event of either window. */
export const EVALUATED_AT_MS = (WINDOWS[1] ?? 0) + (WINDOW_DAYS + 1) * 86_400_000;
