import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { buildIngestServer, type IngestServer } from '../../../ingest/server.ts';
import { openRuntime, type Runtime } from '../../../cli/runtime.ts';
import { applyStartPolicy, loadStartPolicy } from '../../../cli/policy.ts';
import { DemoSimulator, runDemo, type DemoProgress } from '../../../cli/demo/index.ts';
import { SlaEngine } from '../../../rollups/sla/engine/engine.ts';
import { storedPolicySource } from '../../../rollups/sla/engine/policy-source.ts';
import { PolicyStore } from '../../../store/policies.ts';
import { SloStore } from '../../../store/slos.ts';
import { testConfig } from '../../helpers/store.ts';

export interface DemoDeskpulse {
  url: string;
  tenant: string;
  /** A key with the `query` scope only, as a Grafana data source would hold. */
  queryKey: string;
  progress: DemoProgress;
  /** Recomputes the SLA clocks (what the 2 s scheduler of `start` does). */
  computeSla(): Promise<void>;
  close(): Promise<void>;
}

export interface DemoOptions {
  /** Days of desk history sent before the test starts (`start --demo` sends 14). */
  days: number;
  devices: number;
  ticketsPerDay: number;
}

const TENANT = 'demo';

/**
 * `deskpulse start --demo`, in-process and smaller: the shipped policy and
 * SLOs, the demo desk's history sent over the public ingest API by the demo
 * driver, then one SLA engine pass, so every named query has real rows.
 */
export async function startDemoDeskpulse(options: DemoOptions): Promise<DemoDeskpulse> {
  const logger = pino({ level: 'silent' });
  const config = testConfig();
  const runtime = await openRuntime(config, { logger });
  const policies = new PolicyStore(runtime.store);
  const slos = new SloStore(runtime.store);
  await applyStartPolicy({ policies, slos }, [TENANT], loadStartPolicy(undefined));
  const server = await buildIngestServer({ ...runtime, policies, slos, logger, version: 'e2e' });
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  server.setReady(true, 'ok');
  const ingestKey = (await runtime.keys.create(TENANT, ['ingest'], 'e2e ingest')).key;
  const queryKey = (await runtime.keys.create(TENANT, ['query'], 'e2e grafana')).key;
  const progress = await backfill(url, ingestKey, options);
  const engine = new SlaEngine({
    store: runtime.store,
    policies: storedPolicySource(runtime.store, policies),
    logger,
  });
  const computeSla = async (): Promise<void> => {
    await engine.runOnce();
  };
  await computeSla();
  return {
    url,
    tenant: TENANT,
    queryKey,
    progress,
    computeSla,
    close: async () => {
      await close(server, runtime);
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

async function close(server: IngestServer, runtime: Runtime): Promise<void> {
  await server.app.close();
  await runtime.close();
}

/** The demo driver's backfill, stopped as soon as it would switch to live traffic. */
async function backfill(url: string, apiKey: string, options: DemoOptions): Promise<DemoProgress> {
  const controller = new AbortController();
  let failure: string | undefined;
  const final = await runDemo({
    baseUrl: url,
    apiKey,
    simulator: new DemoSimulator({
      seed: 1,
      devices: options.devices,
      ticketsPerDay: options.ticketsPerDay,
    }),
    backfillDays: options.days,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.lastError !== undefined) failure = p.lastError;
      if (p.phase === 'live') controller.abort();
    },
  });
  if (failure !== undefined || final.rejected > 0) {
    throw new Error(`demo backfill failed: ${failure ?? `${final.rejected} records rejected`}`);
  }
  return final;
}
