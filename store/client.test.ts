import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../schemas/config.ts';
import { openStore } from './client.ts';

interface Seen {
  url: string;
  body: string;
  auth: string | undefined;
}

const seen: Seen[] = [];
const server = createServer((request: IncomingMessage, response) => {
  const parts: Buffer[] = [];
  request.on('data', (d: Buffer) => parts.push(d));
  request.on('end', () => {
    seen.push({
      url: request.url ?? '',
      body: Buffer.concat(parts).toString(),
      auth: request.headers.authorization,
    });
    response.writeHead(200, { 'x-clickhouse-summary': '{"written_rows":"2"}' });
    response.end();
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('server mode (CLICKHOUSE_URL)', () => {
  it('sends a batch as one INSERT … FORMAT JSONEachRow with the NDJSON bytes as the body', async () => {
    const config = configSchema.parse({
      clickhouse: { url, user: 'ingest', password: 's3cret', database: 'desk' },
    });
    const store = openStore(config);
    expect(store.kind).toBe('server');
    expect(store.location).toBe(`server ${url}`);
    const ndjson = Buffer.from('{"tenant":"a","event_id":"1"}\n{"tenant":"a","event_id":"2"}\n');
    await store.sink.insert('ticket_events', ndjson);
    await store.close();
    const [request] = seen;
    expect(request?.body).toBe(ndjson.toString());
    const params = new URL(request?.url ?? '', url).searchParams;
    expect(params.get('query')).toBe('INSERT INTO desk.ticket_events FORMAT JSONEachRow');
    expect(params.get('date_time_input_format')).toBe('best_effort');
    expect(params.get('input_format_skip_unknown_fields')).toBe('1');
    expect(request?.auth).toBe(`Basic ${Buffer.from('ingest:s3cret').toString('base64')}`);
  });

  it('is a cluster store when CLICKHOUSE_CLUSTER is set', async () => {
    const store = openStore(configSchema.parse({ clickhouse: { url, cluster: 'c1' } }));
    expect(store.kind).toBe('cluster');
    expect(store.cluster).toBe('c1');
    await store.close();
  });
});
