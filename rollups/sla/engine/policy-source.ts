import type { Store } from '../../../store/client.ts';
import type { PolicyStore } from '../../../store/policies.ts';
import type { PolicySource } from './engine.ts';

/** The engine's view of stored policies: every tenant with one, and its version in force. */
export function storedPolicySource(store: Store, policies: PolicyStore): PolicySource {
  return {
    async tenants() {
      const result = await store.client.query({
        query: `SELECT DISTINCT tenant FROM ${store.table('sla_policies')} ORDER BY tenant`,
        format: 'JSONEachRow',
      });
      return (await result.json<{ tenant: string }>()).map((row) => row.tenant);
    },
    async active(tenant) {
      const stored = await policies.active(tenant);
      return stored === undefined ? undefined : { version: stored.version, policy: stored.policy };
    },
  };
}
