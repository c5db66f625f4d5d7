import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DeskpulseError } from '../../schemas/errors.ts';
import { principalOf } from '../auth.ts';
import { BatchBuilder } from '../body/parse-batch.ts';
import { eventValidator } from '../body/validate.ts';
import { decodeRequest, otlpContentType, readBody } from '../otlp/decode.ts';
import type { OtlpFormat } from '../otlp/decode.ts';
import { mapLogs } from '../otlp/logs-map.ts';
import { mapMetrics } from '../otlp/metrics-map.ts';
import { OTLP } from '../otlp/proto.ts';
import type { OtlpSignal } from '../otlp/proto.ts';
import { Rejections, settleAll } from '../otlp/records.ts';
import type { Candidate } from '../otlp/records.ts';
import { exportResponse } from '../otlp/response.ts';
import type { EventRoutesDeps } from './events.ts';

const BACKPRESSURE_RETRY_S = 5;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function candidatesOf(
  signal: OtlpSignal,
  format: OtlpFormat,
  bytes: Buffer,
  rejections: Rejections,
): Candidate[] {
  if (signal === 'metrics') {
    const request = decodeRequest(
      OTLP.metrics.request,
      format,
      bytes,
      'ExportMetricsServiceRequest',
    );
    return mapMetrics(request, rejections);
  }
  const request = decodeRequest(OTLP.logs.request, format, bytes, 'ExportLogsServiceRequest');
  return mapLogs(request, rejections);
}

/**
 * One OTLP export: decode, map onto the native telemetry contract, validate
 * each record as `POST /v1/telemetry` would, and store the good ones. Bad
 * items come back in partial_success with a 200, as OTLP asks: the client
 * must not retry them, and an OTLP client can read that answer, not ours.
 */
async function exportTelemetry(
  deps: EventRoutesDeps,
  signal: OtlpSignal,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (!deps.isReady()) throw new DeskpulseError('NOT_READY', 'the service is not ready for writes');
  const declared = Number(header(request, 'content-length') ?? 0);
  if (!deps.writer.canAccept(Number.isFinite(declared) ? declared : 0)) {
    throw new DeskpulseError('INGEST_BACKPRESSURE', 'the store is behind and the spool is full', {
      retryAfterSeconds: BACKPRESSURE_RETRY_S,
    });
  }
  const { format, mediaType } = otlpContentType(header(request, 'content-type'));
  const bytes = await readBody(
    request.body as Readable,
    header(request, 'content-encoding'),
    deps.limits,
  );
  const rejections = new Rejections();
  const candidates = candidatesOf(signal, format, bytes, rejections);
  const batch = new BatchBuilder(deps.limits.maxEventsPerRequest);
  const validate = eventValidator({
    stream: 'telemetry',
    tenant: principalOf(request).tenant,
    now: (deps.now ?? Date.now)(),
    maxClockSkewSeconds: deps.limits.maxClockSkewSeconds,
    retention: deps.retention,
  });
  const accepted = settleAll(candidates, validate, batch, rejections);
  const { chunks } = batch.result();
  if (chunks.size > 0) {
    await deps.writer.writeAll([...chunks].map(([table, chunk]) => ({ table, ...chunk })));
  }
  deps.metrics.accepted.inc({ stream: 'telemetry' }, accepted);
  deps.metrics.rejected.inc({ stream: 'telemetry' }, rejections.count);
  const body = exportResponse(signal, format, {
    rejected: rejections.count,
    message: rejections.message(),
  });
  return reply.code(200).type(mediaType).send(body);
}

/**
 * `POST /v1/otlp/v1/metrics` and `POST /v1/otlp/v1/logs`: OTLP/HTTP intake for
 * endpoint telemetry (docs/otlp.md). Registered in the scope of the NDJSON
 * routes, whose catch-all content-type parser leaves the body a raw stream.
 */
export function registerOtlpRoutes(app: FastifyInstance, deps: EventRoutesDeps): void {
  const config = { scopes: ['ingest'] as const };
  app.post('/v1/otlp/v1/metrics', { config }, (request, reply) =>
    exportTelemetry(deps, 'metrics', request, reply),
  );
  app.post('/v1/otlp/v1/logs', { config }, (request, reply) =>
    exportTelemetry(deps, 'logs', request, reply),
  );
}
