import { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from '../schemas/errors.ts';
import { contractJsonSchemas } from '../schemas/json-schema.ts';
import { policyJsonSchemas } from '../schemas/policy-api.ts';
import { ticketSlaJsonSchemas, ticketSlaQuerySchema } from '../schemas/sla-api.ts';
import { RELIABILITY_ROUTES, reliabilityJsonSchemas } from '../schemas/reliability.ts';
import { ARROW_MEDIA_TYPE, CACHE_HEADER, queryJsonSchemas } from '../schemas/query.ts';
import { SLO_ROUTES, sloJsonSchemas } from '../schemas/slo.ts';
import {
  SLA_ROLLUP_ROUTES,
  queryParametersOf,
  slaRollupJsonSchemas,
} from '../schemas/sla-rollups.ts';

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

function otlpOperation(signal: 'metrics' | 'logs'): Json {
  const message = signal === 'metrics' ? 'ExportMetricsServiceRequest' : 'ExportLogsServiceRequest';
  const rejected = signal === 'metrics' ? 'rejected_data_points' : 'rejected_log_records';
  return {
    post: {
      summary: `OTLP/HTTP ${signal} from endpoint agents (ingest); mapped onto endpoint telemetry`,
      security: [{ apiKey: [] }],
      description: `An OTLP \`${message}\` as \`application/x-protobuf\` or OTLP/JSON (\`application/json\`), optionally \`Content-Encoding: gzip\`. The mapping from \`host.*\`/\`system.*\` ${signal === 'metrics' ? 'metrics' : 'log records (`event.name`)'} is in docs/otlp.md. The answer is the OTLP response in the request's encoding; items that fail validation are counted in \`partial_success.${rejected}\` with the first reasons in \`error_message\`, and the rest are durable.`,
      requestBody: {
        required: true,
        content: {
          'application/x-protobuf': { schema: { type: 'string', format: 'binary' } },
          'application/json': { schema: { type: 'object' } },
        },
      },
      responses: {
        '200': {
          description: `Export${signal === 'metrics' ? 'Metrics' : 'Logs'}ServiceResponse; partial_success lists what was rejected`,
        },
        ...errorResponses([
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
    },
  };
}

function policyOperations(authErrors: Record<string, Json>): Json {
  const text = { schema: { type: 'string' } };
  return {
    get: {
      summary:
        "The tenant's SLA policy in force (or an older version) and its version history (query or admin)",
      security: [{ apiKey: [] }],
      parameters: [
        {
          name: 'version',
          in: 'query',
          required: false,
          description: 'an older version to return instead of the one in force',
          schema: { type: 'integer', minimum: 1 },
        },
      ],
      responses: {
        '200': { description: 'The policy and its versions', content: json(ref('PolicyResponse')) },
        ...errorResponses(['BAD_REQUEST', 'NOT_FOUND']),
        ...authErrors,
      },
    },
    put: {
      summary: "Replace the tenant's SLA policy (admin)",
      security: [{ apiKey: [] }],
      description:
        'The policy as YAML (`application/yaml` or `text/yaml`, the policy file format) or JSON. A valid policy that differs from the one in force becomes a new version; an identical one keeps the current version (`created: false`). An invalid one is refused with `INVALID_POLICY`, its field path and, for YAML, line and column; the policy in force stays. Bodies are limited to 1 MiB.',
      requestBody: {
        required: true,
        content: {
          'application/yaml': text,
          'text/yaml': text,
          'application/json': { schema: ref('SlaPolicy') },
        },
      },
      responses: {
        '200': { description: 'The version in force', content: json(ref('PutPolicyResponse')) },
        ...errorResponses([
          'INVALID_POLICY',
          'INVALID_BODY',
          'PAYLOAD_TOO_LARGE',
          'UNSUPPORTED_MEDIA_TYPE',
        ]),
        ...authErrors,
      },
    },
  };
}

/** A read route as its zod contract describes it: path, summary, query, response schema name. */
interface ReadRoute {
  path: string;
  summary: string;
  query: Parameters<typeof queryParametersOf>[0];
  response: readonly [string, ...unknown[]];
  /** The route fills in `from`/`to` when they are left out, so they are optional here. */
  rangeDefault?: boolean;
}

function parametersOf(route: ReadRoute): Record<string, unknown>[] {
  const parameters = queryParametersOf(route.query);
  if (route.rangeDefault !== true) return parameters;
  return parameters.map((p) =>
    p['name'] === 'from' || p['name'] === 'to' ? { ...p, required: false } : p,
  );
}

/** `GET` read routes, their parameters taken from their zod contracts. */
function readPaths(
  routes: readonly ReadRoute[],
  errors: readonly ErrorCode[],
  authErrors: Record<string, Json>,
): Record<string, Json> {
  return Object.fromEntries(
    routes.map((route) => [
      route.path,
      {
        get: {
          summary: route.summary,
          security: [{ apiKey: [] }],
          parameters: parametersOf(route),
          responses: {
            '200': { description: 'Rows', content: json(ref(route.response[0])) },
            ...errorResponses(errors),
            ...authErrors,
          },
        },
      },
    ]),
  );
}

/** `GET` and `POST /v1/query`: the named queries Grafana and reports read. */
function namedQueryOperations(authErrors: Record<string, Json>): Json {
  return {
    get: {
      summary: 'The named queries: parameters (JSON Schema), frame fields, range and size (query)',
      security: [{ apiKey: [] }],
      responses: {
        '200': { description: 'The catalogue', content: json(ref('QueryCatalogue')) },
        ...authErrors,
      },
    },
    post: {
      summary: 'Run a named query; answers a Grafana data frame as JSON or Arrow (query)',
      security: [{ apiKey: [] }],
      description: `Runs one named query for the key's tenant (docs/query.md). \`Accept: ${ARROW_MEDIA_TYPE}\` answers the frame as an Arrow IPC stream (schema metadata: name, refId, query, tenant, as_of, meta). Results are reused for DESKPULSE_QUERY_CACHE_SECONDS per tenant, query, parameters and time bucket, and identical concurrent requests share one execution; the \`${CACHE_HEADER}\` header says \`hit\` or \`miss\`.`,
      requestBody: { required: true, content: json(ref('QueryRequest')) },
      responses: {
        '200': {
          description: 'One frame',
          headers: {
            [CACHE_HEADER]: {
              description: 'hit: from the cache or a shared execution; miss: executed',
              schema: { type: 'string', enum: ['hit', 'miss'] },
            },
          },
          content: {
            ...json(ref('QueryResponse')),
            [ARROW_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } },
          },
        },
        ...errorResponses([
          'INVALID_QUERY',
          'UNKNOWN_QUERY',
          'SLA_NOT_READY',
          'NOT_ACCEPTABLE',
          'UNSUPPORTED_MEDIA_TYPE',
        ]),
        ...authErrors,
      },
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
      schemas: {
        ...contractJsonSchemas(),
        ...policyJsonSchemas(),
        ...slaRollupJsonSchemas(),
        ...ticketSlaJsonSchemas(),
        ...reliabilityJsonSchemas(),
        ...sloJsonSchemas(),
        ...queryJsonSchemas(),
      },
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
      '/v1/otlp/v1/metrics': otlpOperation('metrics'),
      '/v1/otlp/v1/logs': otlpOperation('logs'),
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
      '/v1/policies': policyOperations(authErrors),
      '/v1/tickets/{id}/sla': {
        get: {
          summary:
            'Every SLA clock of a ticket, evaluated now; `explain=1` adds the working (query)',
          security: [{ apiKey: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            ...queryParametersOf(ticketSlaQuerySchema),
          ],
          responses: {
            '200': { description: 'Clocks', content: json(ref('TicketSla')) },
            ...errorResponses(['BAD_REQUEST', 'NOT_FOUND', 'SLA_NOT_READY']),
            ...authErrors,
          },
        },
      },
      ...readPaths(Object.values(SLA_ROLLUP_ROUTES), ['BAD_REQUEST', 'SLA_NOT_READY'], authErrors),
      ...readPaths(Object.values(RELIABILITY_ROUTES), ['BAD_REQUEST'], authErrors),
      ...readPaths([SLO_ROUTES.status], ['BAD_REQUEST', 'NOT_FOUND'], authErrors),
      '/v1/query': namedQueryOperations(authErrors),
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
