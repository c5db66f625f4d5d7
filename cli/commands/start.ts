import type { Logger } from 'pino';
import type { Config } from '../../schemas/config.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import { buildIngestServer, type IngestServer } from '../../ingest/server.ts';
import { PolicyStore } from '../../store/policies.ts';
import { SloStore } from '../../store/slos.ts';
import { createLogger } from '../logger.ts';
import { applyStartPolicy, loadStartPolicy, policyTenants, type StartPolicy } from '../policy.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { VERSION } from '../version.ts';
import { startSlaScheduler } from './sla-scheduler.ts';
import { DEMO_TENANT, startDemoTraffic } from './demo-traffic.ts';

export interface StartOptions {
  demo: boolean;
  /** Load the SLA policy file (`start`); `ingest` replicas leave policies to the API. */
  policies: boolean;
  /** False for `query`: read routes only. */
  writes: boolean;
}

const SHUTDOWN_TIMEOUT_MS = 30_000;

/** Stops intake, lets in-flight requests finish, flushes, closes the store. */
async function shutdown(
  server: IngestServer,
  runtime: Runtime,
  stopParts: () => Promise<void>,
  logger: Logger,
): Promise<void> {
  server.setReady(false, 'shutting down');
  await stopParts();
  await server.app.close();
  await runtime.close();
  logger.info('stopped cleanly');
}

function onSignals(handler: (signal: string) => void): void {
  let received = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (received) {
        // A second signal means "now": the spool and ClickHouse keep what was acknowledged.
        process.exit(130);
      }
      received = true;
      handler(signal);
    });
  }
}

async function listen(server: IngestServer, runtime: Runtime, config: Config): Promise<string> {
  try {
    return await server.app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await server.app.close();
    await runtime.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new DeskpulseError(
        'CONFIG_INVALID',
        `cannot listen on ${config.host}:${config.port} (${code === 'EADDRINUSE' ? 'address in use' : 'permission denied'}): stop the other service or pass --port`,
      );
    }
    throw error;
  }
}

/** Saves the start policy for the tenants start looks after, before any request can arrive. */
async function seedPolicies(
  runtime: Runtime,
  stores: { policies: PolicyStore; slos: SloStore },
  start: StartPolicy,
  options: StartOptions,
  logger: Logger,
): Promise<void> {
  try {
    const tenants = policyTenants(await runtime.keys.list(), options.demo ? [DEMO_TENANT] : []);
    for (const applied of await applyStartPolicy(stores, tenants, start)) {
      logger.info({ ...applied, file: start.file }, 'SLA policy loaded');
    }
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** `deskpulse start`: every part in one process, embedded store by default. */
export async function startCommand(config: Config, options: StartOptions): Promise<void> {
  const logger = createLogger(config.logLevel);
  // Read first: a bad policy file stops start-up before the store is touched.
  const startPolicy = options.policies ? loadStartPolicy(config.policyFile) : undefined;
  const runtime = await openRuntime(config, { logger });
  const policies = new PolicyStore(runtime.store);
  const slos = new SloStore(runtime.store);
  if (startPolicy !== undefined)
    await seedPolicies(runtime, { policies, slos }, startPolicy, options, logger);
  const server = await buildIngestServer({
    ...runtime,
    policies,
    slos,
    logger,
    version: VERSION,
    writes: options.writes,
  });
  const address = await listen(server, runtime, config);
  server.setReady(true, 'ok');
  logger.info(
    { address, store: runtime.store.location, version: VERSION },
    'deskpulse is listening',
  );

  // `ingest` replicas leave the clocks to `start` or a `rollups` process.
  const sla = options.policies ? startSlaScheduler(runtime, policies, logger) : undefined;
  const demo = options.demo ? await startDemoTraffic(runtime, address, logger) : undefined;
  onSignals((signal) => {
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    const stopParts = async (): Promise<void> => {
      await demo?.stop();
      await sla?.stop();
    };
    shutdown(server, runtime, stopParts, logger).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
