import Table from 'cli-table3';
import type { SlaClock } from '../../schemas/sla-clock.ts';
import type { ExplainClock, SlaExplain } from '../../schemas/sla-explain.ts';
import { formatDuration } from '../../rollups/sla/reference/index.ts';
import type { TicketSla } from '../../schemas/sla-api.ts';

// `deskpulse sla explain`: the same content as `GET /v1/tickets/{id}/sla?explain=1`,
// laid out for a person checking a disputed number by hand.

const short = (iso: string | null): string =>
  iso === null ? '—' : iso.replace('T', ' ').replace('Z', '');
const TABLE_INTERVALS = 6;
const ABBREVIATIONS = { first_response: 'FR', next_response: 'NR', resolution: 'RES' } as const;

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] } });
}

function clocksTable(clocks: readonly SlaClock[]): string {
  const out = table([
    'clock',
    'state',
    'started',
    'stopped',
    'elapsed',
    'paused',
    'target',
    'breach at',
    'warn at',
    'rule / calendar',
  ]);
  for (const c of clocks) {
    out.push([
      `${ABBREVIATIONS[c.metric]} #${String(c.cycle)}`,
      c.breached && c.state === 'running' ? 'running, BREACHED' : c.state,
      short(c.started_at),
      short(c.stopped_at),
      formatDuration(c.elapsed_business_s),
      formatDuration(c.paused_business_s),
      formatDuration(c.target_s),
      short(c.breach_at),
      short(c.warn_at),
      `${c.rule_id} / ${c.calendar_id}`,
    ]);
  }
  return out.toString();
}

function timelineTable(explain: SlaExplain): string {
  const out = table([
    '#',
    'at',
    'event',
    'type',
    'status → category',
    'priority',
    'rule',
    'FR',
    'NR',
    'RES',
    'notes',
  ]);
  for (const e of explain.timeline) {
    const role = (r: { cycle: number; role: string } | null): string =>
      r === null ? '' : `${r.role}#${String(r.cycle)}`;
    out.push([
      String(e.index),
      short(e.at),
      e.event_id,
      e.type,
      `${e.status ?? '—'} → ${e.category}`,
      e.priority ?? '—',
      e.rule_id ?? '—',
      role(e.roles.first_response),
      role(e.roles.next_response),
      role(e.roles.resolution),
      e.notes.join('; '),
    ]);
  }
  return out.toString();
}

function clockWorking(clock: ExplainClock): string {
  const lines = [
    `${ABBREVIATIONS[clock.metric]} #${String(clock.cycle)} (${clock.metric}): ${clock.state}, from ${short(clock.started_at)} to ${short(clock.evaluated_to)}`,
  ];
  const segments = table([
    'from',
    'to',
    'role',
    'rule / calendar',
    'target',
    'elapsed before',
    'business',
    'business intervals (UTC)',
  ]);
  for (const s of clock.segments) {
    // A long open segment has hundreds of intervals; the table shows the first
    // few (every one is in --json), and stays fast to lay out.
    const intervals = s.intervals
      .slice(0, TABLE_INTERVALS)
      .map(([a, b]) => `${short(a)} → ${short(b)}`);
    const more = s.intervals.length - intervals.length + s.truncated;
    if (more > 0) intervals.push(`… ${String(more)} more`);
    segments.push([
      short(s.from),
      short(s.to),
      s.role,
      `${s.rule_id} / ${s.calendar_id}`,
      formatDuration(s.target_s),
      formatDuration(s.elapsed_before_s),
      formatDuration(s.business_s),
      intervals.join('\n') || '—',
    ]);
  }
  lines.push(segments.toString());
  for (const change of clock.target_changes) {
    lines.push(
      `  target ${formatDuration(change.from_s)} → ${formatDuration(change.to_s)} at ${short(change.at)} (${change.event_id}, elapsed ${formatDuration(change.elapsed_s)})`,
    );
  }
  lines.push(
    `  breach: ${short(clock.computed_breach.at)} (${clock.computed_breach.basis}); warning: ${short(clock.computed_warn.at)} (${clock.computed_warn.basis})`,
  );
  for (const note of clock.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** The whole explanation as text. */
export function formatTicketSla(sla: TicketSla): string {
  const parts = [
    `Ticket ${sla.ticket_id} · tenant ${sla.tenant} · policy v${String(sla.policy_version)} · as of ${short(sla.as_of)} UTC`,
    '',
    'Clocks (business time; open clocks counted to "as of")',
    sla.clocks.length === 0
      ? '  none: no created event, or no rule matches this ticket'
      : clocksTable(sla.clocks),
  ];
  const { explain } = sla;
  if (explain !== undefined) {
    parts.push('', 'Timeline (state after each event; roles per clock)', timelineTable(explain));
    for (const note of explain.notes) parts.push(`note: ${note}`);
    for (const clock of explain.clocks) parts.push('', clockWorking(clock));
  }
  return parts.join('\n');
}
