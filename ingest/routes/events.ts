import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IngestResponse } from '../../schemas/api.ts';
import type { Config } from '../../schemas/config.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import type { RawTable } from '../../store/tables.ts';
import { principalOf } from '../auth.ts';
import { parseBatch } from '../body/index.ts';
import type { IngestMetrics, IngestStream } from '../metrics.ts';

/** The part of the batch writer the write routes need. */
export interface DurableWriter {
  canAccept(bytes: number): boolean;
  writeAll(items: readonly { table: RawTable; ndjson: Buffer; rows: number }[]): Promise<void>;
}

export interface EventRoutesDeps {
  writer: DurableWriter;
  metrics: IngestMetrics;
  limits: Config['limits'];
  retention: Config['retention'];
  isReady: () => boolean;
  now?: () => number;
}

const BACKPRESSURE_RETRY_S = 5;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

async function ingest(
  deps: EventRoutesDeps,
  stream: IngestStream,
  request: FastifyRequest,
): Promise<IngestResponse> {
  if (!deps.isReady()) throw new DeskpulseError('NOT_READY', 'the service is not ready for writes');
  const declared = Number(header(request, 'content-length') ?? 0);
  if (!deps.writer.canAccept(Number.isFinite(declared) ? declared : 0)) {
    throw new DeskpulseError('INGEST_BACKPRESSURE', 'the store is behind and the spool is full', {
      retryAfterSeconds: BACKPRESSURE_RETRY_S,
    });
  }
  const parsed = await parseBatch(request.body as Readable, {
    stream,
    tenant: principalOf(request).tenant,
    contentType: header(request, 'content-type'),
    contentEncoding: header(request, 'content-encoding'),
    limits: deps.limits,
    retention: deps.retention,
    now: (deps.now ?? Date.now)(),
  });
  deps.metrics.rejected.inc({ stream }, parsed.rejectedCount);
  if (parsed.accepted === 0) {
    throw new DeskpulseError(
      'NO_VALID_EVENTS',
      parsed.rejectedCount === 0
        ? 'the body holds no events'
        : 'no line of the body is a valid event',
      { rejected: parsed.rejected, rejected_count: parsed.rejectedCount },
    );
  }
  const items = [...parsed.chunks].map(([table, chunk]) => ({ table, ...chunk }));
  await deps.writer.writeAll(items);
  deps.metrics.accepted.inc({ stream }, parsed.accepted);
  return {
    accepted: parsed.accepted,
    rejected: parsed.rejected,
    rejected_count: parsed.rejectedCount,
  };
}

/** `POST /v1/tickets/events` and `POST /v1/telemetry`. */
export function registerEventRoutes(app: FastifyInstance, deps: EventRoutesDeps): void {
  // The body stays a stream: parseBatch decompresses, splits and validates it
  // line by line under its own limits.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => {
    done(null, payload);
  });
  const config = { scopes: ['ingest'] as const };
  app.post('/v1/tickets/events', { config }, (request) => ingest(deps, 'tickets', request));
  app.post('/v1/telemetry', { config }, (request) => ingest(deps, 'telemetry', request));
}
