import type { TicketEvent } from '../../../schemas/ticket-event.ts';
import type { Store } from '../../../store/client.ts';

interface StoredEventRow {
  event_id: string;
  ticket_id: string;
  type: TicketEvent['type'];
  occurred_at: string;
  status: string;
  priority: string;
  queue: string;
  channel: string;
  category: string;
  organization: string;
  requester_id: string;
  assignee: string;
  device_id: string;
  author_role: string;
  public: boolean | null;
  score: number | null;
  score_comment: string;
  attributes: Record<string, string>;
}

const OPTIONAL_TEXT = [
  'status',
  'priority',
  'queue',
  'channel',
  'category',
  'organization',
  'requester_id',
  'assignee',
  'device_id',
] as const;

/** A stored row back as the event it was: empty columns are fields that were absent. */
function toEvent(row: StoredEventRow): TicketEvent {
  const event: TicketEvent = {
    event_id: row.event_id,
    ticket_id: row.ticket_id,
    type: row.type,
    occurred_at: row.occurred_at,
  };
  for (const field of OPTIONAL_TEXT) if (row[field] !== '') event[field] = row[field];
  if (row.author_role !== '') {
    event.comment = {
      author_role: row.author_role as NonNullable<TicketEvent['comment']>['author_role'],
      public: row.public === true,
    };
  }
  if (row.score !== null) {
    event.satisfaction =
      row.score_comment === ''
        ? { score: row.score }
        : { score: row.score, comment: row.score_comment };
  }
  if (Object.keys(row.attributes).length > 0) event.attributes = row.attributes;
  return event;
}

/** One ticket's events as stored (newest copy per event_id), in storage order. */
export async function readTicketEvents(
  store: Store,
  tenant: string,
  ticketId: string,
): Promise<TicketEvent[]> {
  const result = await store.client.query({
    query: `SELECT event_id, ticket_id, type,
        toUnixTimestamp64Milli(occurred_at) AS occurred_ms,
        status, priority, queue, channel, category, organization, requester_id, assignee,
        device_id, comment.author_role AS author_role, comment.public AS public,
        satisfaction.score AS score, satisfaction.comment AS score_comment, attributes
      FROM ${store.table('ticket_events')} FINAL
      WHERE tenant = {tenant:String} AND ticket_id = {ticket:String}
      ORDER BY occurred_at, event_id`,
    query_params: { tenant, ticket: ticketId },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const rows = await result.json<StoredEventRow & { occurred_ms: number }>();
  return rows.map((row) =>
    toEvent({ ...row, occurred_at: new Date(row.occurred_ms).toISOString() }),
  );
}
