import type { Logger } from 'pino';
import type { PolicyStore } from '../../store/policies.ts';
import { SlaEngine } from '../../rollups/sla/engine/engine.ts';
import { SlaMetrics } from '../../rollups/sla/engine/metrics.ts';
import { storedPolicySource } from '../../rollups/sla/engine/policy-source.ts';
import { SlaScheduler } from '../../rollups/sla/scheduler.ts';
import type { Runtime } from '../runtime.ts';

type EngineRuntime = Pick<Runtime, 'config' | 'store'> & {
  metrics: Pick<Runtime['metrics'], 'registry'>;
};

/** The SLA engine as `start` and `rollups` run it, reporting to the process's /metrics. */
export function slaEngineFor(
  runtime: EngineRuntime,
  policies: PolicyStore,
  logger: Logger,
): SlaEngine {
  const { sla } = runtime.config;
  return new SlaEngine({
    store: runtime.store,
    policies: storedPolicySource(runtime.store, policies),
    logger,
    metrics: new SlaMetrics(runtime.metrics.registry),
    ticketsPerChunk: sla.ticketsPerChunk,
    maxEventsPerTicket: sla.maxEventsPerTicket,
    onProgress: (progress) => {
      if (progress.kind === 'full' && progress.totalChunks > 1) {
        logger.info(progress, 'SLA full recompute in progress');
      }
    },
  });
}

/** The SLA engine on a timer. */
export function startSlaScheduler(
  runtime: EngineRuntime,
  policies: PolicyStore,
  logger: Logger,
): SlaScheduler {
  const engine = slaEngineFor(runtime, policies, logger);
  const scheduler = new SlaScheduler({
    engine,
    logger,
    intervalMs: runtime.config.sla.intervalMs,
  });
  scheduler.start();
  return scheduler;
}
