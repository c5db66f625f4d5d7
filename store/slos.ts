import {
  storedSlosSchema,
  type SavedSlos,
  type SloDefinition,
  type StoredSlos,
} from '../schemas/slo.ts';
import type { Store } from './client.ts';
import { TenantQueue } from './tenant-queue.ts';
import { canonicalJson, checksumOf, rfc3339 } from './versioned-json.ts';

/** A row of `slo_definitions` as selected: the definitions are still JSON text. */
interface SlosRow {
  version: number;
  created_at: string;
  checksum: string;
  definitions: string;
}

/**
 * Versioned SLO definitions per tenant, apart from the SLA policy: an SLO
 * change must not make a new SLA version (which recomputes every clock).
 * Versions count up from 1; the highest is in force. Saves of one tenant are
 * serialised within this process, as PolicyStore's are.
 */
export class SloStore {
  private readonly table: string;
  private readonly queue = new TenantQueue();

  constructor(private readonly store: Store) {
    this.table = store.table('slo_definitions');
  }

  /** Saves a new version unless the SLOs equal those in force, which then stay. */
  save(tenant: string, slos: readonly SloDefinition[], source: string): Promise<SavedSlos> {
    return this.queue.run(tenant, () => this.saveNow(tenant, slos, source));
  }

  /** The definitions in force, if the tenant ever saved any (possibly an empty list). */
  async active(tenant: string): Promise<StoredSlos | undefined> {
    const result = await this.store.client.query({
      query: `SELECT version, created_at, checksum, definitions FROM ${this.table} FINAL
        WHERE tenant = {tenant:String} ORDER BY version DESC LIMIT 1`,
      query_params: { tenant },
      format: 'JSONEachRow',
    });
    const [row] = await result.json<SlosRow>();
    if (row === undefined) return undefined;
    // Checked again: what reads evaluate must be valid definitions.
    return storedSlosSchema.parse({
      version: row.version,
      created_at: rfc3339(row.created_at),
      checksum: row.checksum,
      slos: JSON.parse(row.definitions) as unknown,
    });
  }

  private async saveNow(
    tenant: string,
    slos: readonly SloDefinition[],
    source: string,
  ): Promise<SavedSlos> {
    const json = canonicalJson(slos);
    const checksum = checksumOf(json);
    const result = await this.store.client.query({
      query: `SELECT version, checksum FROM ${this.table} FINAL WHERE tenant = {tenant:String}
        ORDER BY version DESC LIMIT 1`,
      query_params: { tenant },
      format: 'JSONEachRow',
    });
    const [current] = await result.json<{ version: number; checksum: string }>();
    if (current?.checksum === checksum) {
      return { version: current.version, created: false, checksum };
    }
    const version = (current?.version ?? 0) + 1;
    await this.store.client.insert({
      table: this.table,
      values: [
        {
          tenant,
          version,
          created_at: new Date().toISOString(),
          source,
          definitions: json,
          checksum,
        },
      ],
      format: 'JSONEachRow',
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return { version, created: true, checksum };
  }
}
