import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from '../schemas/config.ts';
import { DeskpulseError } from '../schemas/errors.ts';
import type { ApiKeyStore } from '../store/api-keys.ts';
import type { Store } from '../store/client.ts';
import { PolicyStore } from '../store/policies.ts';
import { SloStore } from '../store/slos.ts';
import { CachedAuthenticator, registerAuth } from './auth.ts';
import { registerErrorHandler } from './error-handler.ts';
import type { IngestMetrics, WriterGaugeSource } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { registerEventRoutes, type DurableWriter } from './routes/events.ts';
import { registerKeyRoutes } from './routes/keys.ts';
import { registerNamedQueryRoutes } from './routes/named-query.ts';
import { registerOtlpRoutes } from './routes/otlp.ts';
import { registerPolicyRoutes } from './routes/policies.ts';
import { registerReliabilityRoutes } from './routes/reliability.ts';
import { registerServiceRoutes } from './routes/service.ts';
import { registerSlaRollupRoutes } from './routes/sla-rollups.ts';
import { registerSloRoutes } from './routes/slos.ts';
import { registerTicketSlaRoute } from './routes/ticket-sla.ts';
import { registerStatusRoute } from './routes/status.ts';

export interface IngestServerDeps {
  config: Config;
  store: Store;
  keys: ApiKeyStore;
  /** Shared with whoever else saves policies in this process, so saves queue per tenant. */
  policies?: PolicyStore;
  /** Likewise for the SLO definitions saved with a policy. */
  slos?: SloStore;
  writer: DurableWriter & WriterGaugeSource;
  /** Shared with the batch writer, which reports flushes and spooling to it. */
  metrics: IngestMetrics;
  version: string;
  logger?: FastifyBaseLogger;
  now?: () => number;
  /** False for `deskpulse query`: the read routes only, no intake. */
  writes?: boolean;
}

export interface IngestServer {
  app: FastifyInstance;
  metrics: IngestMetrics;
  /** Readiness as /readyz reports it; start-up and shutdown flip it. */
  setReady(ready: boolean, reason: string): void;
}

/** The fastify write path: routes, authentication, limits, docs and metrics. */
export async function buildIngestServer(deps: IngestServerDeps): Promise<IngestServer> {
  const { config } = deps;
  const app = Fastify({
    ...(deps.logger === undefined ? { logger: false } : { loggerInstance: deps.logger }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.limits.maxBodyBytes,
    // Slow clients must not hold sockets forever; big gzip uploads still fit.
    requestTimeout: 120_000,
  });
  let readiness = { ready: false, reason: 'starting' };
  const { metrics } = deps;
  const auth = new CachedAuthenticator(deps.keys);

  registerErrorHandler(app);
  registerAuth(app, auth);
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.rateLimit.perKeyPerMinute,
    timeWindow: 60_000,
    allowList: (request) => request.principal === undefined,
    keyGenerator: (request) => request.principal?.keyId ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new DeskpulseError(
        'RATE_LIMITED',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
        {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        },
      ),
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.inc({
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
  await app.register(swagger, {
    mode: 'static',
    specification: { document: openApiDocument(deps.version) as never },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', () => openApiDocument(deps.version));

  registerServiceRoutes(app, { metrics, readiness: () => readiness });
  registerStatusRoute(app, deps.store);
  registerKeyRoutes(app, deps.keys, auth);
  const policies = deps.policies ?? new PolicyStore(deps.store);
  const slos = deps.slos ?? new SloStore(deps.store);
  const now = deps.now === undefined ? {} : { now: deps.now };
  await app.register((scope, _options, done) => {
    registerPolicyRoutes(scope, policies, slos);
    registerTicketSlaRoute(scope, { store: deps.store, policies, ...now });
    registerSlaRollupRoutes(scope, { store: deps.store, ...now });
    registerReliabilityRoutes(scope, {
      store: deps.store,
      hourlyRollupDays: config.retention.hourlyRollupDays,
      ...now,
    });
    registerSloRoutes(scope, { store: deps.store, slos, ...now });
    done();
  });
  // A scope of its own: the policy routes above replace the JSON body parser.
  await app.register((scope, _options, done) => {
    registerNamedQueryRoutes(scope, {
      store: deps.store,
      slos,
      hourlyRollupDays: config.retention.hourlyRollupDays,
      cacheSeconds: config.query.cacheSeconds,
      ...now,
    });
    done();
  });
  if (deps.writes !== false) await registerWriteRoutes(app, deps, () => readiness.ready);

  return {
    app,
    metrics,
    setReady(ready, reason) {
      readiness = { ready, reason };
    },
  };
}

async function registerWriteRoutes(
  app: FastifyInstance,
  deps: IngestServerDeps,
  isReady: () => boolean,
): Promise<void> {
  const { config, metrics } = deps;
  const now = deps.now === undefined ? {} : { now: deps.now };
  await app.register((scope, _options, done) => {
    const writeDeps = {
      writer: deps.writer,
      metrics,
      limits: config.limits,
      retention: config.retention,
      isReady,
      ...now,
    };
    registerEventRoutes(scope, writeDeps);
    registerOtlpRoutes(scope, writeDeps);
    done();
  });
}
