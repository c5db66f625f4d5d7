import {
  apiScopeSchema,
  tenantIdSchema,
  type ApiKeyInfo,
  type ApiScope,
  type CreateKeyResponse,
} from '../../schemas/api.ts';
import type { Config } from '../../schemas/config.ts';
import { DeskpulseError } from '../../schemas/errors.ts';
import { ApiKeyStore } from '../../store/api-keys.ts';
import { createLogger } from '../logger.ts';
import { openMigratedStore } from '../runtime.ts';
import { apiRequest, type RemoteOptions } from '../remote.ts';

export interface KeysCreateOptions {
  tenant: string;
  scopes: string;
  name?: string;
}

/** Parses "ingest,query" into scopes, refusing unknown ones by name. */
export function parseScopes(text: string): ApiScope[] {
  const scopes = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (scopes.length === 0)
    throw new DeskpulseError('BAD_REQUEST', '--scopes needs at least one of ingest, query, admin');
  return scopes.map((scope) => {
    const parsed = apiScopeSchema.safeParse(scope);
    if (!parsed.success)
      throw new DeskpulseError(
        'BAD_REQUEST',
        `unknown scope "${scope}": use ingest, query or admin`,
      );
    return parsed.data;
  });
}

function checkTenant(tenant: string): string {
  const parsed = tenantIdSchema.safeParse(tenant);
  if (!parsed.success)
    throw new DeskpulseError(
      'BAD_REQUEST',
      `--tenant ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
    );
  return parsed.data;
}

async function withKeyStore<T>(config: Config, use: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const store = await openMigratedStore(config, createLogger('warn'));
  try {
    return await use(new ApiKeyStore(store));
  } finally {
    await store.close();
  }
}

function printCreated(created: {
  keyId: string;
  tenant: string;
  scopes: readonly string[];
  key: string;
}): void {
  process.stdout.write(
    `Created key ${created.keyId} for tenant ${created.tenant} (scopes: ${created.scopes.join(', ')}).\n` +
      `Store it now; it is not shown again:\n\n  ${created.key}\n\n`,
  );
}

export async function keysCreateCommand(
  config: Config,
  options: KeysCreateOptions,
  remote?: RemoteOptions,
): Promise<void> {
  const tenant = checkTenant(options.tenant);
  const scopes = parseScopes(options.scopes);
  if (remote !== undefined) {
    const created = await apiRequest<CreateKeyResponse>(remote, 'POST', '/v1/keys', {
      scopes,
      name: options.name,
    });
    if (created.tenant !== tenant) {
      throw new DeskpulseError(
        'FORBIDDEN',
        `the --key belongs to tenant ${created.tenant}, not ${tenant}; the key ${created.key_id} was created for ${created.tenant}`,
      );
    }
    printCreated({ keyId: created.key_id, tenant, scopes, key: created.key });
    return;
  }
  const created = await withKeyStore(config, (keys) => keys.create(tenant, scopes, options.name));
  printCreated({ ...created, tenant, scopes });
}

function printKeys(keys: readonly ApiKeyInfo[]): void {
  if (keys.length === 0) {
    process.stdout.write('no keys\n');
    return;
  }
  for (const k of keys) {
    const state = k.revoked_at === null ? 'active' : `revoked ${k.revoked_at}`;
    process.stdout.write(
      `${k.key_id}  ${k.tenant}  ${k.scopes.join(',')}  created ${k.created_at}  ${state}${k.name ? `  ${k.name}` : ''}\n`,
    );
  }
}

export async function keysListCommand(
  config: Config,
  tenant: string | undefined,
  remote?: RemoteOptions,
): Promise<void> {
  if (remote !== undefined) {
    printKeys(await apiRequest<ApiKeyInfo[]>(remote, 'GET', '/v1/keys'));
    return;
  }
  printKeys(
    await withKeyStore(config, (keys) =>
      keys.list(tenant === undefined ? undefined : checkTenant(tenant)),
    ),
  );
}

export async function keysRevokeCommand(
  config: Config,
  keyId: string,
  remote?: RemoteOptions,
): Promise<void> {
  if (remote !== undefined) {
    await apiRequest(remote, 'DELETE', `/v1/keys/${encodeURIComponent(keyId)}`);
  } else if (!(await withKeyStore(config, (keys) => keys.revoke(keyId)))) {
    throw new DeskpulseError('NOT_FOUND', `no key ${keyId}`);
  }
  process.stdout.write(`revoked ${keyId}\n`);
}
