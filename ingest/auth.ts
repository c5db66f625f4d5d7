import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiScope } from '../schemas/api.ts';
import { DeskpulseError } from '../schemas/errors.ts';
import type { ApiKeyRecord } from '../store/api-keys.ts';

/** Who is calling: the tenant and scopes come from the key, never from the body. */
export interface Principal {
  keyId: string;
  tenant: string;
  scopes: readonly ApiScope[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyContextConfig {
    /** Any one of these scopes admits the request; absent means the route is public. */
    scopes?: readonly ApiScope[];
  }
}

export interface KeyVerifier {
  verify(key: string): Promise<ApiKeyRecord | undefined>;
}

interface CacheEntry {
  record: ApiKeyRecord | undefined;
  expires: number;
}

/**
 * Verifies keys with a short cache, so a busy ingest path does not hit
 * ClickHouse per request. Entries are keyed by a hash of the key: the cache
 * never holds a usable secret. Revocation reaches other processes within the TTL.
 */
export class CachedAuthenticator {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly verifier: KeyVerifier,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  async authenticate(key: string): Promise<Principal | undefined> {
    const id = createHash('sha256').update(key).digest('base64');
    const now = Date.now();
    const hit = this.cache.get(id);
    let record = hit !== undefined && hit.expires > now ? hit.record : undefined;
    if (hit === undefined || hit.expires <= now) {
      record = await this.verifier.verify(key);
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(id, { record, expires: now + this.ttlMs });
    }
    return record === undefined
      ? undefined
      : { keyId: record.key_id, tenant: record.tenant, scopes: record.scopes };
  }

  forget(): void {
    this.cache.clear();
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Checks the key and the route's scopes before the body is read, so an
 * unauthenticated client cannot make us decompress anything.
 */
export function registerAuth(app: FastifyInstance, auth: CachedAuthenticator): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const scopes = request.routeOptions.config.scopes;
    if (scopes === undefined) return;
    const token = bearerToken(request);
    if (token === undefined) {
      throw new DeskpulseError(
        'UNAUTHENTICATED',
        'missing API key: send "Authorization: Bearer <key>"',
      );
    }
    const principal = await auth.authenticate(token);
    if (principal === undefined) {
      throw new DeskpulseError('UNAUTHENTICATED', 'unknown or revoked API key');
    }
    if (!scopes.some((scope) => principal.scopes.includes(scope))) {
      throw new DeskpulseError('FORBIDDEN', `this route needs the ${scopes.join(' or ')} scope`, {
        required: scopes,
        granted: principal.scopes,
      });
    }
    request.principal = principal;
  });
}

/** The caller of a route that declared scopes (auth has run). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) {
    throw new DeskpulseError('UNAUTHENTICATED', 'this route needs an API key');
  }
  return request.principal;
}
