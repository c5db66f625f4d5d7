import type { EndpointEvent, EndpointSample, Telemetry } from '../schemas/telemetry.ts';
import type { TicketEvent } from '../schemas/ticket-event.ts';
import type { RawTable } from './tables.ts';

/*
 * Validated contract objects → JSONEachRow lines for the raw tables. Absent
 * optional strings become '' (the contracts forbid empty strings, so '' always
 * means "not given"); absent numbers and booleans become null. Timestamps are
 * normalised to UTC with millisecond precision, exactly as Date.parse reads them.
 */

function utc(value: string): string {
  return new Date(Date.parse(value)).toISOString();
}

export function ticketEventRow(tenant: string, e: TicketEvent): string {
  return JSON.stringify({
    tenant,
    event_id: e.event_id,
    ticket_id: e.ticket_id,
    type: e.type,
    occurred_at: utc(e.occurred_at),
    status: e.status ?? '',
    priority: e.priority ?? '',
    queue: e.queue ?? '',
    channel: e.channel ?? '',
    category: e.category ?? '',
    organization: e.organization ?? '',
    requester_id: e.requester_id ?? '',
    assignee: e.assignee ?? '',
    device_id: e.device_id ?? '',
    comment_author_role: e.comment?.author_role ?? '',
    comment_public: e.comment?.public ?? null,
    satisfaction_score: e.satisfaction?.score ?? null,
    satisfaction_comment: e.satisfaction?.comment ?? '',
    attributes: e.attributes ?? {},
  });
}

export function endpointSampleRow(tenant: string, s: EndpointSample): string {
  return JSON.stringify({
    tenant,
    device_id: s.device_id,
    occurred_at: utc(s.occurred_at),
    cpu_pct: s.cpu_pct ?? null,
    mem_pct: s.mem_pct ?? null,
    disk_free_pct: s.disk_free_pct ?? null,
    uptime_s: s.uptime_s ?? null,
    os: s.os ?? '',
    os_version: s.os_version ?? '',
    model: s.model ?? '',
    site: s.site ?? '',
    agent_version: s.agent_version ?? '',
  });
}

export function endpointEventRow(tenant: string, e: EndpointEvent): string {
  return JSON.stringify({
    tenant,
    device_id: e.device_id,
    occurred_at: utc(e.occurred_at),
    type: e.type,
    app: e.app ?? '',
    app_version: e.app_version ?? '',
    boot_duration_s: e.boot_duration_s ?? null,
    clean: e.clean ?? null,
    code: e.code ?? '',
  });
}

/** The table a telemetry record belongs in, and its row. */
export function telemetryRow(tenant: string, t: Telemetry): { table: RawTable; row: string } {
  return t.kind === 'sample'
    ? { table: 'endpoint_samples', row: endpointSampleRow(tenant, t) }
    : { table: 'endpoint_events', row: endpointEventRow(tenant, t) };
}
