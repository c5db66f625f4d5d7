import type { Logger } from 'pino';
import type { Config } from '../schemas/config.ts';
import { ApiKeyStore } from '../store/api-keys.ts';
import { openStore, type Store } from '../store/client.ts';
import { migrate } from '../store/migrations/index.ts';
import { applyRetention } from '../store/retention.ts';
import type { InsertSink } from '../store/sink.ts';
import { BatchWriter } from '../store/writer/index.ts';
import { IngestMetrics } from '../ingest/metrics.ts';
import { spoolDirOf } from './config.ts';

// A graceful stop waits this long for the spool to drain into ClickHouse.
const SHUTDOWN_DRAIN_MS = 20_000;

/** The parts a process shares: the store, keys, the durable writer and metrics. */
export interface Runtime {
  config: Config;
  store: Store;
  keys: ApiKeyStore;
  writer: BatchWriter;
  metrics: IngestMetrics;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger: Logger;
  /** Tests wrap the real sink to slow it down or make it fail. */
  wrapSink?: (sink: InsertSink) => InsertSink;
}

/** Opens the store and brings its schema up to date (migrations, retention). */
export async function openMigratedStore(config: Config, logger: Logger): Promise<Store> {
  const store = openStore(config);
  try {
    const target = { database: store.database, cluster: store.cluster };
    const result = await migrate(store.client, target);
    if (result.applied.length > 0) logger.info({ applied: result.applied }, 'migrations applied');
    const retention = await applyRetention(store, config.retention);
    if (retention.length > 0) logger.info({ retention }, 'raw telemetry retention set');
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

export async function openRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const store = await openMigratedStore(config, logger);
  let writer: BatchWriter | undefined;
  const metrics = new IngestMetrics(() => writer);
  try {
    const sink = options.wrapSink === undefined ? store.sink : options.wrapSink(store.sink);
    writer = await BatchWriter.open(sink, {
      ...config.writer,
      spoolDir: spoolDirOf(config),
      logger,
      observer: metrics.writerObserver(),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const opened = writer;
  return {
    config,
    store,
    keys: new ApiKeyStore(store),
    writer: opened,
    metrics,
    async close() {
      await opened.close({ drainTimeoutMs: SHUTDOWN_DRAIN_MS });
      await store.close();
    },
  };
}
