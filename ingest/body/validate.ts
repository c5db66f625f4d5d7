import { firstIssue } from '../../schemas/issues.ts';
import type { LocatedIssue } from '../../schemas/issues.ts';
import { telemetrySchema } from '../../schemas/telemetry.ts';
import { ticketEventSchema } from '../../schemas/ticket-event.ts';
import { rowPrefix, telemetryRow, ticketEventRow } from '../../store/rows.ts';
import type { RawTable } from '../../store/tables.ts';
import type { Config } from '../../schemas/config.ts';

/** Which contract a request body carries: one per ingest route. */
export type IngestStream = 'tickets' | 'telemetry';

/** A parsed JSON value checked against its contract: a row to store, or why not. */
export type Validated = { ok: true; table: RawTable; row: string } | ({ ok: false } & LocatedIssue);

export interface ValidatorOptions {
  stream: IngestStream;
  tenant: string;
  /** Epoch milliseconds the clock-skew rule measures from. */
  now: number;
  maxClockSkewSeconds: number;
  /** Raw telemetry retention: older records would be dropped by the TTL, so they are refused. */
  retention?: Pick<Config['retention'], 'samplesDays' | 'endpointEventsDays'>;
}

const DAY_MS = 86_400_000;

/** The oldest instant each telemetry table keeps, or -Infinity when kept forever. */
function retentionFloor(
  now: number,
  retention: Pick<Config['retention'], 'samplesDays' | 'endpointEventsDays'> | undefined,
): Record<RawTable, number> {
  const floor = (days: number | undefined): number =>
    days === undefined || days === 0 ? -Infinity : now - days * DAY_MS;
  return {
    ticket_events: -Infinity,
    endpoint_samples: floor(retention?.samplesDays),
    endpoint_events: floor(retention?.endpointEventsDays),
  };
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function notAnObject(value: unknown): Validated {
  return { ok: false, path: '', message: `must be a JSON object, not ${jsonKind(value)}` };
}

/**
 * A function that turns one parsed JSON value into the row for its raw table.
 * The tenant comes from the API key, never from the body: both contracts are
 * strict objects, so a `tenant` field in the body is an unknown field.
 */
export function eventValidator(options: ValidatorOptions): (value: unknown) => Validated {
  const { maxClockSkewSeconds } = options;
  const prefix = rowPrefix(options.tenant);
  // The schemas bound occurred_at to 2100; this is the tighter, request-time bound.
  const latestMs = options.now + maxClockSkewSeconds * 1000;
  const tooFarAhead: Validated = {
    ok: false,
    path: 'occurred_at',
    message: `is in the future by more than the allowed clock skew of ${maxClockSkewSeconds} seconds`,
  };
  const isObject = (value: unknown): value is object =>
    typeof value === 'object' && value !== null && !Array.isArray(value);

  if (options.stream === 'tickets') {
    return (value) => {
      if (!isObject(value)) return notAnObject(value);
      const parsed = ticketEventSchema.safeParse(value);
      if (!parsed.success) return { ok: false, ...firstIssue(parsed.error) };
      if (Date.parse(parsed.data.occurred_at) > latestMs) return tooFarAhead;
      return { ok: true, table: 'ticket_events', row: ticketEventRow(prefix, parsed.data) };
    };
  }
  const floors = retentionFloor(options.now, options.retention);
  return (value) => {
    if (!isObject(value)) return notAnObject(value);
    const parsed = telemetrySchema.safeParse(value);
    if (!parsed.success) return { ok: false, ...firstIssue(parsed.error) };
    const at = Date.parse(parsed.data.occurred_at);
    if (at > latestMs) return tooFarAhead;
    const stored = telemetryRow(prefix, parsed.data);
    if (at < floors[stored.table]) {
      const days = Math.round((options.now - floors[stored.table]) / DAY_MS);
      return {
        ok: false,
        path: 'occurred_at',
        message: `is older than the ${days}-day retention of ${stored.table}; it would be dropped on arrival`,
      };
    }
    return { ok: true, ...stored };
  };
}
