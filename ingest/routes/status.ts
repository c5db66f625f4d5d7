import type { FastifyInstance } from 'fastify';
import type { IngestStatus } from '../../schemas/api.ts';
import type { Store } from '../../store/client.ts';
import { principalOf } from '../auth.ts';

/**
 * What has arrived for the caller's tenant. FINAL collapses retried
 * duplicates, so the counts are the distinct events stored.
 */
export async function ingestStatus(store: Store, tenant: string): Promise<IngestStatus> {
  const t = (name: string): string => store.table(name);
  const result = await store.client.query({
    query: `
      SELECT
        (SELECT count() FROM ${t('ticket_events')} FINAL WHERE tenant = {tenant:String}) AS ticket_events,
        (SELECT uniqExact(ticket_id) FROM ${t('ticket_events')} WHERE tenant = {tenant:String}) AS tickets,
        (SELECT count() FROM ${t('endpoint_samples')} FINAL WHERE tenant = {tenant:String}) AS endpoint_samples,
        (SELECT count() FROM ${t('endpoint_events')} FINAL WHERE tenant = {tenant:String}) AS endpoint_events,
        (SELECT uniqExact(device_id) FROM ${t('devices')} WHERE tenant = {tenant:String}) AS devices,
        (SELECT max(ingested_at) FROM ${t('ticket_events')} WHERE tenant = {tenant:String}) AS last_ticket,
        (SELECT max(ingested_at) FROM ${t('endpoint_samples')} WHERE tenant = {tenant:String}) AS last_sample,
        (SELECT max(ingested_at) FROM ${t('endpoint_events')} WHERE tenant = {tenant:String}) AS last_event`,
    query_params: { tenant },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const [row] = await result.json<Record<string, number | string>>();
  const instant = (value: unknown): string | null =>
    typeof value === 'string' && !value.startsWith('1970-01-01')
      ? `${value.replace(' ', 'T')}Z`
      : null;
  const lastTelemetry = [instant(row?.['last_sample']), instant(row?.['last_event'])]
    .filter((v): v is string => v !== null)
    .sort()
    .at(-1);
  return {
    tenant,
    ticket_events: Number(row?.['ticket_events'] ?? 0),
    tickets: Number(row?.['tickets'] ?? 0),
    endpoint_samples: Number(row?.['endpoint_samples'] ?? 0),
    endpoint_events: Number(row?.['endpoint_events'] ?? 0),
    devices: Number(row?.['devices'] ?? 0),
    last_ticket_event_at: instant(row?.['last_ticket']),
    last_telemetry_at: lastTelemetry ?? null,
  };
}

/** `GET /v1/ingest/status`: counts of what the caller's tenant has stored. */
export function registerStatusRoute(app: FastifyInstance, store: Store): void {
  app.get('/v1/ingest/status', { config: { scopes: ['ingest', 'query', 'admin'] } }, (request) =>
    ingestStatus(store, principalOf(request).tenant),
  );
}
