import type { FastifyInstance } from 'fastify';
import {
  ARROW_MEDIA_TYPE,
  CACHE_HEADER,
  queryRequestSchema,
  type QueryRequest,
  type QueryResponse,
} from '../../schemas/query.ts';
import type { Store } from '../../store/client.ts';
import type { SloStore } from '../../store/slos.ts';
import { negotiate } from '../../query/accept.ts';
import { frameToArrow } from '../../query/arrow.ts';
import { withRefId } from '../../query/frame.ts';
import { invalidParams } from '../../query/params.ts';
import { catalogue } from '../../query/registry.ts';
import { QueryService, type QueryServiceOptions } from '../../query/service.ts';
import { principalOf } from '../auth.ts';

export interface NamedQueryDeps {
  store: Store;
  slos: SloStore;
  hourlyRollupDays: number;
  /** Seconds a result is reused for the same (tenant, query, params, time bucket); 0 disables. */
  cacheSeconds: number;
  now?: () => number;
  /** Called once per execution of a query (not per request): tests count them. */
  onExecute?: QueryServiceOptions['onExecute'];
}

/** A request names a query and a few parameters: far below the ingest routes' limit. */
const MAX_BODY_BYTES = 1024 * 1024;

function parseRequest(body: unknown): QueryRequest {
  const parsed = queryRequestSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw invalidParams(parsed.error);
}

/**
 * `GET /v1/query` (the catalogue) and `POST /v1/query` (run a named query),
 * query scope. The body is JSON, read by fastify's own parser: register in
 * a scope whose parsers nobody replaced (the policy routes do).
 */
export function registerNamedQueryRoutes(app: FastifyInstance, deps: NamedQueryDeps): void {
  const service = new QueryService(deps);
  const list = catalogue();

  app.get('/v1/query', { config: { scopes: ['query'] } }, () => list);

  const options = { config: { scopes: ['query'] as const }, bodyLimit: MAX_BODY_BYTES };
  app.post('/v1/query', options, async (request, reply) => {
    // Refused before any work: the answer could not be sent anyway.
    const format = negotiate(request.headers.accept);
    const { query, params, refId } = parseRequest(request.body);
    // The tenant always comes from the API key, never from the request.
    const { tenant } = principalOf(request);
    const { result, cache } = await service.run(tenant, { query, params });
    void reply.header(CACHE_HEADER, cache);
    const frame = withRefId(result.frame, refId);
    if (format === 'arrow') {
      const bytes = frameToArrow(frame, { ...result, refId });
      return reply
        .type(ARROW_MEDIA_TYPE)
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    const response: QueryResponse = {
      query: result.query,
      ...(refId === undefined ? {} : { refId }),
      tenant: result.tenant,
      as_of: result.as_of,
      frames: [frame],
    };
    return response;
  });
}
