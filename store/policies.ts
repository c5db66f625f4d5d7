import {
  policyVersionSchema,
  storedPolicySchema,
  type PolicyVersion,
  type PutPolicyResponse,
  type StoredPolicy,
} from '../schemas/policy-api.ts';
import type { SlaPolicy } from '../schemas/sla-policy.ts';
import type { Store } from './client.ts';
import { TenantQueue } from './tenant-queue.ts';
import { canonicalJson, checksumOf, rfc3339 } from './versioned-json.ts';

/** A row of `sla_policies` as selected: the policy is still its JSON text. */
type PolicyRow = Omit<StoredPolicy, 'policy'> & { policy: string };

const COLUMNS = 'tenant, version, created_at, description, policy, checksum';

/**
 * Versioned SLA policies per tenant. Versions count up from 1 and are never
 * rewritten; the highest is the one in force. Saves of one tenant are
 * serialised within this process (a `deskpulse start` or one ingest replica);
 * replicas saving the same tenant at the same instant could both claim a
 * version, so policy changes belong on one instance.
 */
export class PolicyStore {
  private readonly table: string;
  private readonly queue = new TenantQueue();

  constructor(private readonly store: Store) {
    this.table = store.table('sla_policies');
  }

  /** Saves a new version unless the policy equals the active one, which then stays in force. */
  save(tenant: string, policy: SlaPolicy, source: string): Promise<PutPolicyResponse> {
    return this.queue.run(tenant, () => this.saveNow(tenant, policy, source));
  }

  /** The version in force, if the tenant has any policy. */
  async active(tenant: string): Promise<StoredPolicy | undefined> {
    const [row] = await this.rows<PolicyRow>(
      `SELECT ${COLUMNS} FROM ${this.table} FINAL WHERE tenant = {tenant:String}
       ORDER BY version DESC LIMIT 1`,
      { tenant },
    );
    return row === undefined ? undefined : toStored(row);
  }

  async get(tenant: string, version: number): Promise<StoredPolicy | undefined> {
    const [row] = await this.rows<PolicyRow>(
      `SELECT ${COLUMNS} FROM ${this.table} FINAL
       WHERE tenant = {tenant:String} AND version = {version:UInt32}`,
      { tenant, version },
    );
    return row === undefined ? undefined : toStored(row);
  }

  /** Every version of the tenant's policy, newest first. */
  async list(tenant: string): Promise<PolicyVersion[]> {
    const rows = await this.rows<PolicyVersion>(
      `SELECT version, created_at, description, checksum FROM ${this.table} FINAL
       WHERE tenant = {tenant:String} ORDER BY version DESC`,
      { tenant },
    );
    return rows.map((row) =>
      policyVersionSchema.parse({ ...row, created_at: rfc3339(row.created_at) }),
    );
  }

  private async saveNow(
    tenant: string,
    policy: SlaPolicy,
    source: string,
  ): Promise<PutPolicyResponse> {
    const json = canonicalJson(policy);
    const checksum = checksumOf(json);
    const [current] = await this.rows<{ version: number; checksum: string }>(
      `SELECT version, checksum FROM ${this.table} FINAL WHERE tenant = {tenant:String}
       ORDER BY version DESC LIMIT 1`,
      { tenant },
    );
    if (current?.checksum === checksum)
      return { version: current.version, created: false, checksum };
    const version = (current?.version ?? 0) + 1;
    await this.store.client.insert({
      table: this.table,
      values: [
        {
          tenant,
          version,
          created_at: new Date().toISOString(),
          description: policy.description ?? '',
          source,
          policy: json,
          checksum,
        },
      ],
      format: 'JSONEachRow',
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return { version, created: true, checksum };
  }

  private async rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    const result = await this.store.client.query({
      query,
      query_params: params,
      format: 'JSONEachRow',
    });
    return result.json<T>();
  }
}

/** A stored row as a policy, checked again: what the engine reads must be a valid policy. */
function toStored(row: PolicyRow): StoredPolicy {
  return storedPolicySchema.parse({
    ...row,
    created_at: rfc3339(row.created_at),
    policy: JSON.parse(row.policy) as unknown,
  });
}
