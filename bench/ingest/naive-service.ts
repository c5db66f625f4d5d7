/**
 * The naive baseline: what a first version of the ingest service would look
 * like. fastify buffers the body as a string; each request splits it into
 * lines, JSON.parses and zod-validates every event, maps it to a row object
 * and awaits `client.insert` (JSONEachRow) before replying. No auth, no
 * batching across requests, no spool. Run as its own process on its own
 * data directory:
 *
 *   naive-service.ts --data-dir D --port P
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { configSchema } from '../../schemas/config.ts';
import { ticketEventSchema, type TicketEvent } from '../../schemas/ticket-event.ts';
import { openStore } from '../../store/client.ts';
import { migrate } from '../../store/migrations/index.ts';

const TENANT = 'bench';
const MiB = 1024 * 1024;

const { values: args } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
});
const dataDir = args['data-dir'];
if (dataDir === undefined || args.port === undefined)
  throw new Error('naive-service: --data-dir and --port are required');

const config = configSchema.parse({ dataDir });
const store = openStore(config);
await migrate(store.client, { database: store.database, cluster: store.cluster });
const table = store.table('ticket_events');

// The naive way: the validated object plus the tenant, inserted as objects.
function row(e: TicketEvent): Record<string, unknown> {
  return { tenant: TENANT, ...e };
}

const app = Fastify({ logger: false, bodyLimit: 64 * MiB });
app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => {
  done(null, body);
});
app.get('/readyz', () => ({ status: 'ready' }));
app.post('/v1/tickets/events', async (request) => {
  const rows: Record<string, unknown>[] = [];
  let rejected = 0;
  for (const line of String(request.body).split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      rejected += 1;
      continue;
    }
    const parsed = ticketEventSchema.safeParse(value);
    if (parsed.success) rows.push(row(parsed.data));
    else rejected += 1;
  }
  if (rows.length > 0) {
    await store.client.insert({
      table,
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
  }
  return { accepted: rows.length, rejected_count: rejected };
});

await app.listen({ host: '127.0.0.1', port: Number(args.port) });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}
