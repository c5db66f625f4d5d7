import { describe, expect, it } from 'vitest';
import {
  HOUR,
  MINUTE,
  agentReply,
  customerReply,
  everyDay,
  events,
  policy,
  run,
  status,
  weekdays,
} from './fixtures.ts';
import { isoSeconds, toSeconds } from './time.ts';

/** An instant with an offset, as the clocks print it (UTC, to the second). */
const utc = (timestamp: string): string => isoSeconds(toSeconds(timestamp));

// Golden cases from vendors' documentation and bug reports (issue 3): each pins
// one sentence of docs/sla.md. 2026-03-02 is a Monday.
describe('golden cases', () => {
  // GLPI PR #22678 (https://github.com/glpi-project/glpi/pull/22678): calendar
  // Mon–Fri 08:00–18:00, 4 h target; created Mon 10:00 → due Mon 14:00,
  // created Mon 17:00 → due Tue 11:00.
  it('GLPI #22678: a 4 h target on Mon–Fri 08–18 from Mon 10:00 and Mon 17:00', () => {
    const slaPolicy = policy({
      calendars: [weekdays('office', 'Europe/Paris', '08:00', '18:00')],
      rules: [{ id: 'all', targets: { resolution: '4h' }, calendar: 'office' }],
    });
    const morning = run(
      events(['2026-03-02T10:00:00+01:00', 'created']),
      slaPolicy,
      '2026-03-02T10:30:00+01:00',
    );
    expect(morning.clock('resolution')).toMatchObject({
      state: 'running',
      target_s: 4 * HOUR,
      breach_at: utc('2026-03-02T14:00:00+01:00'),
      calendar_id: 'office',
    });
    const evening = run(
      events(['2026-03-02T17:00:00+01:00', 'created']),
      slaPolicy,
      '2026-03-02T17:30:00+01:00',
    );
    expect(evening.clock('resolution').breach_at).toBe(utc('2026-03-03T11:00:00+01:00'));
  });

  // ServiceNow docs, "Schedules" / SLA duration: a 24 hour SLA on a 9–5
  // schedule spans three working days.
  it('ServiceNow: a 24 h target on Mon–Fri 09–17 from Mon 09:00 is due Wed 17:00', () => {
    const slaPolicy = policy({
      calendars: [weekdays('nine-to-five', 'America/New_York', '09:00', '17:00')],
      rules: [{ id: 'all', targets: { resolution: '24h' }, calendar: 'nine-to-five' }],
    });
    const result = run(
      events(['2026-03-02T09:00:00-05:00', 'created']),
      slaPolicy,
      '2026-03-02T12:00:00-05:00',
    );
    expect(result.clock('resolution')).toMatchObject({
      elapsed_business_s: 3 * HOUR,
      breach_at: utc('2026-03-04T17:00:00-05:00'),
      // warn_pct 75 %: 18 business hours, Wed 11:00.
      warn_at: utc('2026-03-04T11:00:00-05:00'),
    });
  });

  // Znuny / OTRS config option Ticket::EscalationSuspendStates ("suspend
  // escalation in pending states"): 24x7, 2 h solution target, created 08:00,
  // pending from 09:00 to 10:05 → due 11:05.
  it('Znuny EscalationSuspend: pending 09:00–10:05 moves a 2 h deadline to 11:05', () => {
    const slaPolicy = policy({ rules: [{ id: 'all', targets: { resolution: '2h' } }] });
    const timeline = events(
      ['2026-03-02T08:00:00Z', 'created', status('open')],
      ['2026-03-02T09:00:00Z', 'status_changed', status('pending')],
      ['2026-03-02T10:05:00Z', 'status_changed', status('open')],
    );
    const running = run(timeline, slaPolicy, '2026-03-02T10:30:00Z').clock('resolution');
    expect(running).toMatchObject({
      state: 'running',
      breach_at: '2026-03-02T11:05:00Z',
      paused_business_s: 65 * MINUTE,
      elapsed_business_s: HOUR + 25 * MINUTE,
      elapsed_wall_s: 2 * HOUR + 30 * MINUTE,
      breached: false,
    });
    // While pending the clock is paused and has no breach instant.
    const paused = run(timeline.slice(0, 2), slaPolicy, '2026-03-02T09:30:00Z');
    expect(paused.clock('resolution')).toMatchObject({ state: 'paused', breach_at: null });
  });

  // Zammad #3180 (https://github.com/zammad/zammad/issues/3180): a calendar of
  // 00:00–24:00 every day is a true 24x7 with no gap at midnight; 00:00–23:59
  // leaves a one-minute gap, and we do not stretch it (documented behaviour).
  it('Zammad #3180: 00:00–24:00 has no gap at midnight; 00:00–23:59 keeps its minute', () => {
    const timeline = events(['2026-03-02T23:30:00+01:00', 'created']);
    const withCalendar = (end: string) =>
      policy({
        calendars: [everyDay('days', 'Europe/Berlin', '00:00', end)],
        rules: [{ id: 'all', targets: { resolution: '1h' }, calendar: 'days' }],
      });
    const now = '2026-03-02T23:45:00+01:00';
    expect(run(timeline, withCalendar('24:00'), now).clock('resolution').breach_at).toBe(
      utc('2026-03-03T00:30:00+01:00'),
    );
    const builtIn = policy({ rules: [{ id: 'all', targets: { resolution: '1h' } }] });
    expect(run(timeline, builtIn, now).clock('resolution').breach_at).toBe(
      utc('2026-03-03T00:30:00+01:00'),
    );
    expect(run(timeline, withCalendar('23:59'), now).clock('resolution').breach_at).toBe(
      utc('2026-03-03T00:31:00+01:00'),
    );
  });

  // Zammad #2497 (https://github.com/zammad/zammad/issues/2497): an interval
  // 09:00→00:00 (ending at midnight) or crossing midnight (18:00→02:00) must
  // work, and the computation must terminate with the right deadline.
  it('Zammad #2497: intervals ending at or crossing midnight terminate with the right deadline', () => {
    const withHours = (start: string, end: string, target: string) =>
      policy({
        calendars: [everyDay('late', 'UTC', start, end)],
        rules: [{ id: 'all', targets: { resolution: target }, calendar: 'late' }],
      });
    const at = (created: string, slaPolicy: ReturnType<typeof withHours>) =>
      run(events([created, 'created']), slaPolicy, created).clock('resolution').breach_at;
    // 23:00–00:00 counts 1 h, the other hour is 09:00–10:00 the next day.
    expect(at('2026-03-02T23:00:00Z', withHours('09:00', '00:00', '2h'))).toBe(
      '2026-03-03T10:00:00Z',
    );
    // 15 h a day: 100 h from Mon 09:00 is six days (90 h) and 10 h on Sunday.
    expect(at('2026-03-02T09:00:00Z', withHours('09:00', '00:00', '100h'))).toBe(
      '2026-03-08T19:00:00Z',
    );
    // 18:00→02:00: from 01:00, 1 h until 02:00, then 18:00–19:00.
    expect(at('2026-03-03T01:00:00Z', withHours('18:00', '02:00', '2h'))).toBe(
      '2026-03-03T19:00:00Z',
    );
    // Ending exactly at the end of the crossing interval: 02:00, not 18:00.
    expect(at('2026-03-03T00:00:00Z', withHours('18:00', '02:00', '2h'))).toBe(
      '2026-03-03T02:00:00Z',
    );
  });

  // dbt_zendesk issue #25 (https://github.com/fivetran/dbt_zendesk/issues/25):
  // business time of a historical ticket must use the UTC offset in force
  // then, not today's. Berlin 09:00 is 08:00Z in January and 07:00Z in July.
  it('dbt_zendesk #25: historical tickets use the UTC offset in force at the time', () => {
    const slaPolicy = policy({
      calendars: [weekdays('berlin', 'Europe/Berlin', '09:00', '17:00')],
      rules: [{ id: 'all', targets: { first_response: '1h' }, calendar: 'berlin' }],
    });
    // 2026-01-05 and 2026-07-06 are Mondays; each is evaluated "today" in the other season.
    const january = run(
      events(
        ['2026-01-05T07:30:00Z', 'created', customerReply],
        ['2026-01-05T08:30:00Z', 'commented', agentReply],
      ),
      slaPolicy,
      '2026-07-15T12:00:00Z',
    ).clock('first_response');
    expect(january).toMatchObject({ state: 'met', elapsed_business_s: 30 * MINUTE });
    const openJanuary = run(
      events(['2026-01-05T07:30:00Z', 'created']),
      slaPolicy,
      '2026-01-05T07:45:00Z',
    ).clock('first_response');
    expect(openJanuary.breach_at).toBe('2026-01-05T09:00:00Z');

    const july = run(
      events(
        ['2026-07-06T06:30:00Z', 'created', customerReply],
        ['2026-07-06T07:30:00Z', 'commented', agentReply],
      ),
      slaPolicy,
      '2026-12-15T12:00:00Z',
    ).clock('first_response');
    expect(july).toMatchObject({ state: 'met', elapsed_business_s: 30 * MINUTE });
    const openJuly = run(
      events(['2026-07-06T06:30:00Z', 'created']),
      slaPolicy,
      '2026-07-06T06:45:00Z',
    ).clock('first_response');
    expect(openJuly.breach_at).toBe('2026-07-06T08:00:00Z');
  });

  // GLPI #10594 (https://github.com/glpi-project/glpi/issues/10594): pending
  // time across a weekend counts in business time, consistently: pending Fri
  // 16:00 → Mon 10:00 on Mon–Fri 08–18 is 2 h + 2 h of pause, and the deadline
  // moves by exactly that.
  it('GLPI #10594: pending over a weekend pauses 4 business hours and moves the deadline by 4 h', () => {
    const slaPolicy = policy({
      calendars: [weekdays('office', 'UTC', '08:00', '18:00')],
      rules: [{ id: 'all', targets: { resolution: '8h' }, calendar: 'office' }],
    });
    const created = ['2026-03-06T14:00:00Z', 'created', status('open')] as const;
    const untouched = run(events([...created]), slaPolicy, '2026-03-06T15:00:00Z');
    expect(untouched.clock('resolution').breach_at).toBe('2026-03-09T12:00:00Z');

    const pended = run(
      events(
        [...created],
        ['2026-03-06T16:00:00Z', 'status_changed', status('pending')],
        ['2026-03-09T10:00:00Z', 'status_changed', status('open')],
      ),
      slaPolicy,
      '2026-03-09T11:00:00Z',
    );
    expect(pended.clock('resolution')).toMatchObject({
      state: 'running',
      paused_business_s: 4 * HOUR,
      elapsed_business_s: 3 * HOUR,
      breach_at: '2026-03-09T16:00:00Z',
    });
    const pause = pended.explain.clocks.find((c) => c.metric === 'resolution')?.pauses;
    expect(pause).toEqual([
      { from: '2026-03-06T16:00:00Z', to: '2026-03-09T10:00:00Z', business_s: 4 * HOUR },
    ]);
    const segment = pended.explain.clocks[1]?.segments[1];
    expect(segment?.intervals).toEqual([
      ['2026-03-06T16:00:00Z', '2026-03-06T18:00:00Z'],
      ['2026-03-09T08:00:00Z', '2026-03-09T10:00:00Z'],
    ]);
  });

  // dbt_zendesk PR #136 (https://github.com/fivetran/dbt_zendesk/pull/136):
  // solving a ticket closes an open next_response cycle without a breach. The
  // spec's choice on top: a deadline that had already passed stays breached.
  describe('dbt_zendesk #136: a solve closes an open next_response cycle', () => {
    const slaPolicy = policy({
      rules: [{ id: 'all', targets: { first_response: '1h', next_response: '2h' } }],
    });
    const conversation = (solvedAt: string) =>
      events(
        ['2026-03-02T08:00:00Z', 'created', customerReply],
        ['2026-03-02T08:30:00Z', 'commented', agentReply],
        ['2026-03-02T09:00:00Z', 'commented', customerReply],
        [solvedAt, 'status_changed', status('solved')],
      );

    it('closes the cycle without a breach before the deadline (cancelled)', () => {
      const result = run(conversation('2026-03-02T10:00:00Z'), slaPolicy, '2026-03-03T00:00:00Z');
      expect(result.clock('first_response')).toMatchObject({ state: 'met', breached: false });
      expect(result.clock('next_response')).toMatchObject({
        state: 'cancelled',
        breached: false,
        stopped_at: '2026-03-02T10:00:00Z',
        elapsed_business_s: HOUR,
        breach_at: null,
      });
    });

    it('keeps a breach that happened before the solve (choice)', () => {
      const result = run(conversation('2026-03-02T11:30:00Z'), slaPolicy, '2026-03-03T00:00:00Z');
      expect(result.clock('next_response')).toMatchObject({
        state: 'breached',
        breached: true,
        breach_at: '2026-03-02T11:00:00Z',
      });
    });
  });
});
