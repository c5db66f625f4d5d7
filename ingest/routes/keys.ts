import type { FastifyInstance } from 'fastify';
import { createKeyRequestSchema, type CreateKeyResponse } from '../../schemas/api.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import { firstIssue } from '../../schemas/issues.ts';
import type { ApiKeyStore } from '../../store/api-keys.ts';
import { principalOf, type CachedAuthenticator } from '../auth.ts';

/**
 * Key management for the caller's own tenant (admin scope). This is what
 * `deskpulse keys … --url` uses while a server holds the embedded store.
 */
export function registerKeyRoutes(
  app: FastifyInstance,
  keys: ApiKeyStore,
  auth: CachedAuthenticator,
): void {
  const config = { scopes: ['admin'] as const };
  app.post('/v1/keys', { config }, async (request, reply) => {
    const parsed = createKeyRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      throw new DeskpulseError('BAD_REQUEST', `${issue.path}: ${issue.message}`, { ...issue });
    }
    const { tenant } = principalOf(request);
    const created = await keys.create(tenant, parsed.data.scopes, parsed.data.name);
    const body: CreateKeyResponse = {
      key_id: created.keyId,
      tenant,
      scopes: parsed.data.scopes,
      key: created.key,
    };
    return reply.code(201).send(body);
  });
  app.get('/v1/keys', { config }, (request) => keys.list(principalOf(request).tenant));
  app.delete<{ Params: { keyId: string } }>(
    '/v1/keys/:keyId',
    { config },
    async (request, reply) => {
      const revoked = await keys.revoke(request.params.keyId, principalOf(request).tenant);
      if (!revoked)
        throw new DeskpulseError('NOT_FOUND', `no key ${request.params.keyId} in this tenant`);
      auth.forget();
      return reply.code(204).send();
    },
  );
}
