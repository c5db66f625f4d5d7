import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/store.ts';
import type { PutPolicyResponse, StoredPolicy } from '../schemas/policy-api.ts';
import { STATUS_CATEGORIES, type SlaPolicy, type SlaRule } from '../schemas/sla-policy.ts';
import { sloListSchema, type SavedSlos, type SloDefinition } from '../schemas/slo.ts';
import type { ApiKeyRecord } from '../store/api-keys.ts';
import { PRIORITIES } from './demo/catalog.ts';
import {
  applyStartPolicy,
  DEFAULT_POLICY_FILE,
  loadPolicyFile,
  loadStartPolicy,
  policyTenants,
  type StartPolicy,
} from './policy.ts';

function ruleFor(policy: SlaPolicy, priority: string): SlaRule | undefined {
  return policy.rules.find((rule) => rule.match.priority?.includes(priority) ?? true);
}

describe('the shipped default policy', () => {
  const { policy } = loadPolicyFile(DEFAULT_POLICY_FILE);

  it('gives every priority the demo desk uses its own targets', () => {
    const targets = PRIORITIES.map((priority) => {
      const rule = ruleFor(policy, priority);
      return [priority, rule?.calendar, rule?.targets];
    });
    expect(targets).toEqual([
      ['P1', '24x7', { first_response: 900, next_response: 1800, resolution: 14_400 }],
      ['P2', 'office', { first_response: 3600, next_response: 7200, resolution: 28_800 }],
      ['P3', 'office', { first_response: 14_400, next_response: 28_800, resolution: 259_200 }],
      ['P4', 'office', { first_response: 28_800, next_response: 86_400, resolution: 432_000 }],
    ]);
    expect(ruleFor(policy, 'unknown')?.id).toBe('p4-low');
  });

  it('has Berlin office hours with German holidays, a night shift and vendor status names', () => {
    const office = policy.calendars.find((c) => c.id === 'office');
    expect(office).toMatchObject({ time_zone: 'Europe/Berlin' });
    expect(office?.weekly.map((i) => `${i.day} ${i.start}-${i.end}`)).toEqual(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => `${day} 08:00-18:00`),
    );
    expect(office?.holidays).toEqual(expect.arrayContaining(['2026-12-25', '2027-03-26']));
    const night = policy.calendars.find((c) => c.id === 'night-shift');
    expect(night?.weekly[0]).toEqual({ day: 'mon', start: '22:00', end: '06:00' });
    expect(policy.status_map).toMatchObject({
      'Waiting for customer': 'pending',
      'Waiting for vendor': 'on_hold',
      'In progress': 'open',
      Resolved: 'solved',
    });
    // The demo desk sends the category names themselves, which need no entry.
    for (const category of STATUS_CATEGORIES) expect(policy.status_map[category]).toBeUndefined();
  });
});

describe('the SLOs in the shipped policy', () => {
  it('are on by default: crash-free device-days, fast boots, P1 first responses', () => {
    const { slos } = loadPolicyFile(DEFAULT_POLICY_FILE);
    expect(slos.map((slo) => [slo.name, slo.objective, slo.window, slo.sli])).toEqual([
      ['crash-free-device-days', 0.99, '28d', { kind: 'crash_free_device_days' }],
      ['fast-boots', 0.95, '28d', { kind: 'boot_duration', under: 60 }],
      [
        'p1-first-response',
        0.95,
        '30d',
        { kind: 'sla_attainment', metric: 'first_response', priority: ['P1'] },
      ],
    ]);
  });
});

describe('policy files', () => {
  it('stops on a bad file with one line: policy FILE:LINE:COL: path: message', () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, 'rules:\n  - id: a\n    targets: { resolution: 4 hourz }\n');
    expect(() => loadPolicyFile(file)).toThrow(
      `policy ${file}:3:28: rules[0].targets.resolution: "4 hourz" is not a duration`,
    );
    let thrown: unknown;
    try {
      loadPolicyFile(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'INVALID_POLICY', details: { line: 3, column: 28 } });
  });

  it('names a file it cannot read', () => {
    const file = join(tempDir(), 'missing.yaml');
    expect(() => loadPolicyFile(file)).toThrow(`policy ${file}: cannot read it (ENOENT)`);
  });

  it('uses the shipped default unless a file is given, and marks the given one explicit', () => {
    expect(loadStartPolicy(undefined)).toMatchObject({
      file: DEFAULT_POLICY_FILE,
      explicit: false,
    });
    const file = join(tempDir(), 'mine.yaml');
    writeFileSync(file, 'rules: [{ id: all, targets: { resolution: 1d } }]\n');
    expect(loadStartPolicy(file)).toMatchObject({ file, explicit: true });
  });
});

describe('which tenants start gives the policy', () => {
  const key = (tenant: string, revoked = false): ApiKeyRecord => ({
    key_id: `${tenant}-key`,
    tenant,
    name: '',
    scopes: ['admin'],
    created_at: '2026-01-01 00:00:00.000',
    revoked_at: revoked ? '2026-01-02 00:00:00.000' : null,
  });

  it('takes tenants with a live key, once each, plus the demo tenant', () => {
    const keys = [key('b'), key('a'), key('b'), key('gone', true)];
    expect(policyTenants(keys, ['demo'])).toEqual(['a', 'b', 'demo']);
  });

  /** A policy store in memory that records every save; `existing` tenants already have a policy. */
  function memoryStore(existing: Record<string, string>) {
    const saved: [string, string][] = [];
    const savedSlos: [string, string[]][] = [];
    return {
      saved,
      savedSlos,
      policies: {
        active: (tenant: string) =>
          Promise.resolve(
            existing[tenant] === undefined ? undefined : ({ tenant } as unknown as StoredPolicy),
          ),
        save: (tenant: string, _policy: SlaPolicy, source: string): Promise<PutPolicyResponse> => {
          saved.push([tenant, source]);
          return Promise.resolve({ version: 1, created: true, checksum: '' });
        },
      },
      slos: {
        save: (tenant: string, slos: readonly SloDefinition[]): Promise<SavedSlos> => {
          savedSlos.push([tenant, slos.map((slo) => slo.name)]);
          return Promise.resolve({ version: 1, created: true, checksum: 's' });
        },
      },
    };
  }

  const start = (explicit: boolean): StartPolicy => ({
    file: 'p.yaml',
    policy: loadPolicyFile(DEFAULT_POLICY_FILE).policy,
    slos: sloListSchema.parse([
      { name: 'boots', objective: '95%', window: '7d', sli: { kind: 'boot_duration', under: 60 } },
    ]),
    source: 'src',
    explicit,
  });

  it('the default only fills in tenants without a policy, SLOs included', async () => {
    const store = memoryStore({ a: 'own' });
    const applied = await applyStartPolicy(store, ['a', 'b'], start(false));
    expect(store.saved).toEqual([['b', 'src']]);
    expect(store.savedSlos).toEqual([['b', ['boots']]]);
    expect(applied).toEqual([
      {
        tenant: 'b',
        version: 1,
        created: true,
        checksum: '',
        slos: { version: 1, created: true, checksum: 's' },
      },
    ]);
  });

  it('an explicit file is saved for every tenant (the store skips unchanged ones)', async () => {
    const store = memoryStore({ a: 'own' });
    await applyStartPolicy(store, ['a', 'b'], start(true));
    expect(store.saved).toEqual([
      ['a', 'src'],
      ['b', 'src'],
    ]);
    expect(store.savedSlos.map(([tenant]) => tenant)).toEqual(['a', 'b']);
  });
});
