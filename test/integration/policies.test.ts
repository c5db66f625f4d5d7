import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicyYaml } from '../../schemas/policy-file.ts';
import type { SlaPolicy } from '../../schemas/sla-policy.ts';
import type { Store } from '../../store/client.ts';
import { PolicyStore } from '../../store/policies.ts';
import { migratedStore, queryRows } from '../helpers/store.ts';

let store: Store;
let policies: PolicyStore;

beforeAll(async () => {
  store = await migratedStore();
  policies = new PolicyStore(store);
});

afterAll(async () => {
  await store.close();
});

function policyOf(yaml: string): SlaPolicy {
  const result = parsePolicyYaml(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.issue));
  return result.policy;
}

const resolution = (target: string, description = 'test'): string =>
  `description: ${description}\nstatus_map:\n  Waiting: pending\n  Done: solved\nrules:\n  - id: all\n    targets: { resolution: ${target} }\n`;

describe('PolicyStore on the embedded engine', () => {
  it('saves a first version and reads it back as it was parsed', async () => {
    const source = resolution('4h', 'first');
    const saved = await policies.save('p-first', policyOf(source), source);
    expect(saved).toEqual({ version: 1, created: true, checksum: expect.any(String) as string });
    const active = await policies.active('p-first');
    expect(active).toMatchObject({
      tenant: 'p-first',
      version: 1,
      description: 'first',
      checksum: saved.checksum,
      policy: policyOf(source),
    });
    expect(active?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.now() - Date.parse(active?.created_at ?? '')).toBeLessThan(60_000);
  });

  it('keeps the source text as received and the checksum of the normalised JSON', async () => {
    const source = `# a comment that only the source keeps\n${resolution('2h')}`;
    await policies.save('p-source', policyOf(source), source);
    const [row] = await queryRows<{ source: string; policy: string; checksum: string }>(
      store,
      `SELECT source, policy, checksum FROM deskpulse.sla_policies WHERE tenant = 'p-source'`,
    );
    expect(row?.source).toBe(source);
    expect(
      createHash('sha256')
        .update(row?.policy ?? '')
        .digest('hex'),
    ).toBe(row?.checksum);
    expect(JSON.parse(row?.policy ?? '')).toEqual(policyOf(source));
  });

  it('does not create a version for a policy equal to the active one, however it is written', async () => {
    const first = await policies.save('p-same', policyOf(resolution('4h')), resolution('4h'));
    // The same policy: map keys in another order, a duration spelled in seconds.
    const reordered = `rules:\n  - targets: { resolution: 14400 }\n    id: all\nstatus_map:\n  Done: solved\n  Waiting: pending\ndescription: test\n`;
    const again = await policies.save('p-same', policyOf(reordered), reordered);
    expect(again).toEqual({ version: 1, created: false, checksum: first.checksum });
    expect(await policies.list('p-same')).toHaveLength(1);
  });

  it('numbers changed policies up from the latest and keeps every version', async () => {
    const tenant = 'p-versions';
    await policies.save(tenant, policyOf(resolution('4h', 'v1')), resolution('4h', 'v1'));
    const second = await policies.save(tenant, policyOf(resolution('8h', 'v2')), '');
    expect(second).toMatchObject({ version: 2, created: true });
    // Going back to an earlier policy is a change too: a new version, not a rewind.
    const third = await policies.save(tenant, policyOf(resolution('4h', 'v1')), '');
    expect(third).toMatchObject({ version: 3, created: true });
    expect((await policies.active(tenant))?.version).toBe(3);
    expect((await policies.get(tenant, 2))?.policy.rules[0]?.targets.resolution).toBe(28_800);
    expect(await policies.get(tenant, 4)).toBeUndefined();
    const list = await policies.list(tenant);
    expect(list.map((v) => [v.version, v.description])).toEqual([
      [3, 'v1'],
      [2, 'v2'],
      [1, 'v1'],
    ]);
    expect(list[2]?.checksum).toBe(list[0]?.checksum);
  });

  it('serialises concurrent saves of one tenant: distinct versions, no duplicates', async () => {
    const targets = ['1h', '2h', '3h', '4h', '5h', '6h'];
    const saved = await Promise.all(
      targets.map((t) => policies.save('p-race', policyOf(resolution(t)), resolution(t))),
    );
    expect(saved.map((s) => s.version)).toEqual([1, 2, 3, 4, 5, 6]);
    const same = await Promise.all(
      [1, 2, 3].map(() => policies.save('p-race-same', policyOf(resolution('1h')), '')),
    );
    expect(same.map((s) => [s.version, s.created])).toEqual([
      [1, true],
      [1, false],
      [1, false],
    ]);
  });

  it('keeps tenants apart', async () => {
    await policies.save('p-tenant-a', policyOf(resolution('1h')), '');
    expect(await policies.active('p-tenant-b')).toBeUndefined();
    expect(await policies.list('p-tenant-b')).toEqual([]);
    expect(await policies.get('p-tenant-b', 1)).toBeUndefined();
  });

  it('a failed save does not block the next save of the same tenant', async () => {
    let failures = 1;
    // The store's client, except that its first query fails.
    const client = new Proxy(store.client, {
      get(target, property) {
        if (property === 'query' && failures > 0) {
          failures -= 1;
          return () => Promise.reject(new Error('store down'));
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const flaky = new PolicyStore({ ...store, client });
    const policy = policyOf(resolution('1h'));
    const [first, second] = await Promise.allSettled([
      flaky.save('p-fail', policy, ''),
      flaky.save('p-fail', policy, ''),
    ]);
    expect(first).toMatchObject({ status: 'rejected', reason: new Error('store down') });
    expect(second).toMatchObject({ status: 'fulfilled', value: { version: 1, created: true } });
  });
});
