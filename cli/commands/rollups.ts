import { Registry } from 'prom-client';
import type { Config } from '../../schemas/config.ts';
import { PolicyStore } from '../../store/policies.ts';
import { createLogger } from '../logger.ts';
import { openMigratedStore } from '../runtime.ts';
import { startSlaScheduler } from './sla-scheduler.ts';

/**
 * `deskpulse rollups`: the SLA engine alone, for server mode where ingest
 * replicas and the query API run as separate processes. Run one per
 * ClickHouse database: two engines would recompute the same tickets at once.
 */
export async function rollupsCommand(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const store = await openMigratedStore(config, logger);
  const scheduler = startSlaScheduler(
    { config, store, metrics: { registry: new Registry() } },
    new PolicyStore(store),
    logger,
  );
  logger.info({ store: store.location, intervalMs: config.sla.intervalMs }, 'SLA engine running');
  // The scheduler's timers do not hold the process open; this process exists for them.
  const keepAlive = setInterval(() => undefined, 60_000);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'stopping the SLA engine after the pass in progress');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  clearInterval(keepAlive);
  await scheduler.stop();
  await store.close();
}
