import { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from '../schemas/errors.ts';
import { contractJsonSchemas } from '../schemas/json-schema.ts';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });

function errorResponses(codes: readonly ErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const { status } = ERROR_CATALOGUE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((c) => `\`${c}\`: ${ERROR_CATALOGUE[c].description}`).join('\n\n'),
        content: json(ref('Error')),
      },
    ]),
  );
}

function ingestOperation(summary: string, itemSchema: string): Json {
  return {
    summary,
    security: [{ apiKey: [] }],
    description:
      'NDJSON (`application/x-ndjson`, one event per line) or a JSON array (`application/json`), optionally `Content-Encoding: gzip`, `deflate` or `br`. Good lines are stored even when others are rejected; a 200 means the accepted events are durable.',
    requestBody: {
      required: true,
      content: {
        'application/x-ndjson': { schema: ref(itemSchema) },
        'application/json': { schema: { type: 'array', items: ref(itemSchema) } },
      },
    },
    responses: {
      '200': {
        description: 'Accepted events are durable; rejected lines are listed.',
        content: json(ref('IngestResponse')),
      },
      ...errorResponses([
        'NO_VALID_EVENTS',
        'INVALID_BODY',
        'UNAUTHENTICATED',
        'FORBIDDEN',
        'PAYLOAD_TOO_LARGE',
        'UNSUPPORTED_MEDIA_TYPE',
        'RATE_LIMITED',
        'INGEST_BACKPRESSURE',
        'NOT_READY',
      ]),
    },
  };
}

/** The OpenAPI 3.1 document of the HTTP API, built from the zod contracts. */
export function openApiDocument(version: string): Json {
  const authErrors = errorResponses(['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED']);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Deskpulse API',
      version,
      description: `Ingest and query API of Deskpulse. Error codes: ${ERROR_CODES.join(', ')} (see docs/errors.md).`,
    },
    components: {
      schemas: contractJsonSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A key from `deskpulse keys create`',
        },
      },
    },
    paths: {
      '/v1/tickets/events': {
        post: ingestOperation('Ingest ticket lifecycle events', 'TicketEvent'),
      },
      '/v1/telemetry': { post: ingestOperation('Ingest endpoint samples and events', 'Telemetry') },
      '/v1/ingest/status': {
        get: {
          summary: "What the caller's tenant has stored",
          security: [{ apiKey: [] }],
          responses: {
            '200': { description: 'Counts', content: json(ref('IngestStatus')) },
            ...authErrors,
          },
        },
      },
      '/v1/keys': {
        get: {
          summary: "List the tenant's API keys (admin)",
          security: [{ apiKey: [] }],
          responses: {
            '200': {
              description: 'Keys',
              content: json({ type: 'array', items: ref('ApiKeyInfo') }),
            },
            ...authErrors,
          },
        },
        post: {
          summary: 'Create an API key for the caller’s tenant (admin); the key is shown once',
          security: [{ apiKey: [] }],
          requestBody: { required: true, content: json(ref('CreateKeyRequest')) },
          responses: {
            '201': { description: 'Created', content: json(ref('CreateKeyResponse')) },
            ...authErrors,
          },
        },
      },
      '/v1/keys/{keyId}': {
        delete: {
          summary: 'Revoke an API key (admin)',
          security: [{ apiKey: [] }],
          parameters: [{ name: 'keyId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '204': { description: 'Revoked' },
            ...errorResponses(['NOT_FOUND']),
            ...authErrors,
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'Alive' } } } },
      '/readyz': {
        get: {
          summary: 'Readiness',
          responses: {
            '200': { description: 'Ready' },
            '503': { description: 'Starting or stopping' },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: { '200': { description: 'Text exposition format' } },
        },
      },
    },
  };
}
