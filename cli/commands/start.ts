import type { Logger } from 'pino';
import type { Config } from '../../schemas/config.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import { buildIngestServer, type IngestServer } from '../../ingest/server.ts';
import { createLogger } from '../logger.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { VERSION } from '../version.ts';
import { startDemoTraffic } from './demo-traffic.ts';

export interface StartOptions {
  demo: boolean;
}

const SHUTDOWN_TIMEOUT_MS = 30_000;

/** Stops intake, lets in-flight requests finish, flushes, closes the store. */
async function shutdown(
  server: IngestServer,
  runtime: Runtime,
  stopDemo: () => Promise<void>,
  logger: Logger,
): Promise<void> {
  server.setReady(false, 'shutting down');
  await stopDemo();
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

/** `deskpulse start`: every part in one process, embedded store by default. */
export async function startCommand(config: Config, options: StartOptions): Promise<void> {
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, { logger });
  const server = await buildIngestServer({ ...runtime, logger, version: VERSION });
  const address = await listen(server, runtime, config);
  server.setReady(true, 'ok');
  logger.info(
    { address, store: runtime.store.location, version: VERSION },
    'deskpulse is listening',
  );

  const demo = options.demo ? await startDemoTraffic(runtime, address, logger) : undefined;
  onSignals((signal) => {
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    shutdown(server, runtime, () => demo?.stop() ?? Promise.resolve(), logger).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
