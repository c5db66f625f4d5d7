import type { Logger } from 'pino';
import { pino } from 'pino';
import type { ApiScope } from '../../schemas/api.ts';
import type { Config } from '../../schemas/config.ts';
import type { InsertSink } from '../../store/sink.ts';
import { buildIngestServer, type IngestServer } from '../../ingest/server.ts';
import { openRuntime, type Runtime } from '../../cli/runtime.ts';
import { testConfig } from './store.ts';

export interface TestServer {
  url: string;
  runtime: Runtime;
  server: IngestServer;
  config: Config;
  key(tenant: string, scopes?: readonly ApiScope[]): Promise<string>;
  post(
    path: string,
    key: string,
    body: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<Response>;
  get(path: string, key?: string): Promise<Response>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  config?: Partial<Config>;
  wrapSink?: (sink: InsertSink) => InsertSink;
  logger?: Logger;
}

/** The real ingest service on loopback, over the embedded engine in a temp dir. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = { ...testConfig(), ...options.config };
  const logger = options.logger ?? pino({ level: 'silent' });
  const runtime = await openRuntime(config, {
    logger,
    ...(options.wrapSink === undefined ? {} : { wrapSink: options.wrapSink }),
  });
  const server = await buildIngestServer({ ...runtime, logger, version: 'test' });
  const address = await server.app.listen({ host: '127.0.0.1', port: 0 });
  server.setReady(true, 'ok');
  return {
    url: address,
    runtime,
    server,
    config,
    async key(tenant, scopes = ['ingest', 'query', 'admin']) {
      return (await runtime.keys.create(tenant, scopes, 'test')).key;
    },
    post(path, key, body, headers = {}) {
      return fetch(`${address}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/x-ndjson',
          ...headers,
        },
        body,
      });
    },
    get(path, key) {
      return fetch(`${address}${path}`, {
        headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
      });
    },
    async close() {
      await server.app.close();
      await runtime.close();
    },
  };
}

/** NDJSON text of a list of records. */
export function ndjson(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
