import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sloListSchema, type SloDefinition } from '../../schemas/slo.ts';
import type { Store } from '../../store/client.ts';
import { SloStore } from '../../store/slos.ts';
import { migratedStore, queryRows } from '../helpers/store.ts';

let store: Store;
let slos: SloStore;

beforeAll(async () => {
  store = await migratedStore();
  slos = new SloStore(store);
});

afterAll(async () => {
  await store.close();
});

function list(objective: string, under = '60s'): SloDefinition[] {
  return sloListSchema.parse([
    { name: 'crash-free', objective, window: '28d', sli: { kind: 'crash_free_device_days' } },
    { name: 'boots', objective: '95%', window: '7d', sli: { kind: 'boot_duration', under } },
  ]);
}

describe('SloStore on the embedded engine', () => {
  it('saves a first version and reads it back as parsed, with the source kept', async () => {
    const saved = await slos.save('s-first', list('99%'), 'the file');
    expect(saved).toEqual({ version: 1, created: true, checksum: expect.any(String) as string });
    expect(await slos.active('s-first')).toMatchObject({
      version: 1,
      checksum: saved.checksum,
      slos: list('99%'),
    });
    const [row] = await queryRows<{ source: string }>(
      store,
      `SELECT source FROM deskpulse.slo_definitions WHERE tenant = 's-first'`,
    );
    expect(row?.source).toBe('the file');
  });

  it('keeps the version for equal definitions, however they are written', async () => {
    const first = await slos.save('s-same', list('99%'), '');
    // 0.99 and "99%", 60 and "1m": the same SLOs once parsed.
    const again = await slos.save('s-same', list('0.99', '1m'), 'other text');
    expect(again).toEqual({ version: 1, created: false, checksum: first.checksum });
    const changed = await slos.save('s-same', list('99.5%'), '');
    expect(changed).toMatchObject({ version: 2, created: true });
    expect((await slos.active('s-same'))?.slos[0]?.objective).toBe(0.995);
  });

  it('versions an empty list like any other, and keeps tenants apart', async () => {
    expect(await slos.active('s-empty')).toBeUndefined();
    expect(await slos.save('s-empty', [], '')).toMatchObject({ version: 1, created: true });
    expect(await slos.active('s-empty')).toMatchObject({ version: 1, slos: [] });
    expect(await slos.active('s-other')).toBeUndefined();
  });

  it('serialises concurrent saves of one tenant', async () => {
    const objectives = ['90%', '91%', '92%', '93%'];
    const saved = await Promise.all(objectives.map((o) => slos.save('s-race', list(o), '')));
    expect(saved.map((s) => s.version)).toEqual([1, 2, 3, 4]);
  });
});
