import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiScope } from '../schemas/api.ts';
import type { Store } from './client.ts';

/** What the store knows of a key: never the secret itself. */
export interface ApiKeyRecord {
  key_id: string;
  tenant: string;
  name: string;
  scopes: ApiScope[];
  created_at: string;
  revoked_at: string | null;
}

interface StoredKey extends ApiKeyRecord {
  secret_sha256: string;
}

export interface CreatedKey {
  keyId: string;
  /** The full key; shown once, never stored. */
  key: string;
}

const KEY_FORMAT = /^dp_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const KEY_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function newKeyId(): string {
  return Array.from(randomBytes(12), (b) => KEY_ID_ALPHABET[b % KEY_ID_ALPHABET.length]).join('');
}

/** Splits `dp_<key_id>_<secret>`; undefined when the text is not a key at all. */
export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = KEY_FORMAT.exec(key);
  if (match === null) return undefined;
  const [, keyId = '', secret = ''] = match;
  return { keyId, secret };
}

/** API keys in ClickHouse: created, listed, revoked and looked up. */
export class ApiKeyStore {
  private readonly table: string;

  constructor(private readonly store: Store) {
    this.table = store.table('api_keys');
  }

  async create(tenant: string, scopes: readonly ApiScope[], name = ''): Promise<CreatedKey> {
    const keyId = newKeyId();
    const secret = randomBytes(32).toString('base64url');
    const now = new Date().toISOString();
    await this.store.client.insert({
      table: this.table,
      values: [
        {
          key_id: keyId,
          tenant,
          name,
          scopes: [...new Set(scopes)],
          secret_sha256: sha256(secret),
          created_at: now,
          revoked_at: null,
          updated_at: now,
        },
      ],
      format: 'JSONEachRow',
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return { keyId, key: `dp_${keyId}_${secret}` };
  }

  async list(tenant?: string): Promise<ApiKeyRecord[]> {
    const result = await this.store.client.query({
      query: `SELECT key_id, tenant, name, scopes, created_at, revoked_at FROM ${this.table} FINAL
              WHERE {tenant:String} = '' OR tenant = {tenant:String} ORDER BY tenant, created_at`,
      query_params: { tenant: tenant ?? '' },
      format: 'JSONEachRow',
    });
    return result.json<ApiKeyRecord>();
  }

  /** Marks a key revoked; false when no such key exists (or it belongs to another tenant). */
  async revoke(keyId: string, tenant?: string): Promise<boolean> {
    const current = await this.find(keyId);
    if (current === undefined || (tenant !== undefined && current.tenant !== tenant)) return false;
    const now = new Date().toISOString();
    await this.store.client.insert({
      table: this.table,
      values: [{ ...current, revoked_at: current.revoked_at ?? now, updated_at: now }],
      format: 'JSONEachRow',
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return true;
  }

  async find(keyId: string): Promise<StoredKey | undefined> {
    const result = await this.store.client.query({
      query: `SELECT key_id, tenant, name, scopes, secret_sha256, created_at, revoked_at
              FROM ${this.table} FINAL WHERE key_id = {keyId:String}`,
      query_params: { keyId },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<StoredKey>();
    return row;
  }

  /** The key's record when the secret matches and the key is not revoked. */
  async verify(key: string): Promise<ApiKeyRecord | undefined> {
    const parsed = parseApiKey(key);
    if (parsed === undefined) return undefined;
    const stored = await this.find(parsed.keyId);
    if (stored === undefined || stored.revoked_at !== null) return undefined;
    const given = Buffer.from(sha256(parsed.secret), 'hex');
    const expected = Buffer.from(stored.secret_sha256, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const { secret_sha256: _hash, ...record } = stored;
    return record;
  }
}
