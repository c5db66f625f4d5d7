import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection, type ChdbConnection } from 'chdb/connection';
import type { Config } from '../schemas/config.ts';
import { DeskpulseError } from '../schemas/errors.ts';
import { embeddedLockHolder } from './embedded-lock.ts';
import { ROW_INSERT_SETTINGS } from './rows.ts';
import type { InsertSink } from './sink.ts';
import type { RawTable } from './tables.ts';

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export type StoreKind = 'embedded' | 'server' | 'cluster';

/** One handle on ClickHouse, whichever of the three sizes it is. */
export interface Store {
  readonly kind: StoreKind;
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly cluster: string | undefined;
  /** Bulk inserts of already-serialised JSONEachRow. */
  readonly sink: InsertSink;
  /** Human-readable location, for logs ("embedded ./data/clickhouse"). */
  readonly location: string;
  /** The fully qualified name queries use for a table. */
  table(name: string): string;
  close(): Promise<void>;
}

export type StoreConfig = Pick<Config, 'dataDir' | 'clickhouse'>;

/** Where the embedded engine keeps its files inside the data directory. */
export function embeddedPath(dataDir: string): string {
  return resolve(join(dataDir, 'clickhouse'));
}

function openEmbedded(config: StoreConfig): {
  client: ClickHouseClient;
  sink: InsertSink;
  location: string;
} {
  const path = embeddedPath(config.dataDir);
  const holder = embeddedLockHolder(path);
  if (holder !== undefined) throw lockedError(path, holder);
  mkdirSync(path, { recursive: true });
  let connection: ChdbConnection;
  try {
    connection = createChdbConnection({ path });
  } catch (error) {
    const late = embeddedLockHolder(path);
    if (late !== undefined) throw lockedError(path, late);
    throw new DeskpulseError(
      'STORE_UNAVAILABLE',
      `cannot open the embedded store at ${path}: ${String(error)}`,
      undefined,
      {
        cause: error,
      },
    );
  }
  // chdb types its connection against @clickhouse/client-common, the client
  // bundles its own copy of the same interface: identical at run time.
  const client = createClient({ connection: connection as unknown as ClientConnection });
  const db = config.clickhouse.database;
  const sink: InsertSink = {
    async insert(table: RawTable, ndjson: Buffer): Promise<void> {
      await connection.chdb.rawInsert({
        table: `${db}.${table}`,
        values: ndjson,
        format: 'JSONEachRow',
        settings: ROW_INSERT_SETTINGS,
      });
    },
  };
  return { client, sink, location: `embedded ${path}` };
}

function lockedError(path: string, pid: number): DeskpulseError {
  return new DeskpulseError(
    'STORE_LOCKED',
    `the data directory ${path} is in use by another deskpulse process (pid ${pid}): stop it, or pass --url http://HOST:PORT to go through its HTTP API`,
    { path, pid },
  );
}

function openServer(
  config: StoreConfig,
  url: string,
): { client: ClickHouseClient; sink: InsertSink; location: string } {
  const { user, password, database } = config.clickhouse;
  const client = createClient({
    url,
    username: user,
    password,
    database,
    clickhouse_settings: ROW_INSERT_SETTINGS,
  });
  const sink: InsertSink = {
    async insert(table: RawTable, ndjson: Buffer): Promise<void> {
      const result = await client.exec({
        query: `INSERT INTO ${database}.${table} FORMAT JSONEachRow`,
        values: Readable.from([ndjson]),
      });
      result.stream.resume();
    },
  };
  const safeUrl = new URL(url);
  safeUrl.password = '';
  return { client, sink, location: `server ${safeUrl.origin}` };
}

/**
 * Opens the store the configuration names: a ClickHouse server (or cluster)
 * when `clickhouse.url` is set, the embedded engine in `dataDir` otherwise.
 */
export function openStore(config: StoreConfig): Store {
  const { url, database, cluster } = config.clickhouse;
  const opened = url === undefined ? openEmbedded(config) : openServer(config, url);
  const kind: StoreKind =
    url === undefined ? 'embedded' : cluster === undefined ? 'server' : 'cluster';
  return {
    kind,
    ...opened,
    database,
    cluster,
    table: (name) => `${database}.${name}`,
    close: () => opened.client.close(),
  };
}
