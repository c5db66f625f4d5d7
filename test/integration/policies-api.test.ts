import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../schemas/api.ts';
import type { PolicyResponse, PutPolicyResponse } from '../../schemas/policy-api.ts';
import { createKeyWithCli, runCli, startService } from '../helpers/child.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/store.ts';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.key('api-policies');
});

afterAll(async () => {
  await t.close();
});

function put(key: string, body: string, contentType = 'application/yaml'): Promise<Response> {
  return fetch(`${t.url}/v1/policies`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body,
  });
}

async function getPolicy(key: string, query = ''): Promise<PolicyResponse> {
  const response = await t.get(`/v1/policies${query}`, key);
  expect(response.status).toBe(200);
  return (await response.json()) as PolicyResponse;
}

async function errorOf(response: Response, status: number): Promise<ErrorBody['error']> {
  expect(response.status).toBe(status);
  return ((await response.json()) as ErrorBody).error;
}

const POLICY = `# P1 around the clock, the rest in office hours
description: contract 2026
calendars:
  - id: office
    time_zone: Europe/Berlin
    weekly:
      - { day: mon, start: '08:00', end: '18:00' }
      - { day: tue, start: '08:00', end: '18:00' }
rules:
  - id: p1
    match: { priority: P1 }
    targets: { first_response: 15m, resolution: 4h }
  - id: rest
    calendar: office
    targets:
      first_response: 4h
      resolution: 4 hourz
`;
const GOOD = POLICY.replace('4 hourz', '3d');

describe('GET and PUT /v1/policies', () => {
  it('has no policy before the first PUT', async () => {
    const error = await errorOf(await t.get('/v1/policies', admin), 404);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('PUT') as string,
    });
  });

  it('refuses an invalid YAML policy with its path, line and column, and stores nothing', async () => {
    const error = await errorOf(await put(admin, POLICY), 400);
    expect(error).toEqual({
      code: 'INVALID_POLICY',
      message:
        'rules[1].targets.resolution: "4 hourz" is not a duration (use e.g. 30m, 4h, 1h30m, 2d or whole seconds) (line 17, column 19)',
      details: { path: 'rules[1].targets.resolution', line: 17, column: 19 },
    });
    await errorOf(await t.get('/v1/policies', admin), 404);
  });

  it('saves a YAML policy as version 1, and an identical one as no new version', async () => {
    const response = await put(admin, GOOD, 'text/yaml; charset=utf-8');
    expect(response.status).toBe(200);
    const saved = (await response.json()) as PutPolicyResponse;
    // The file has no slos: section, so the SLO definitions are an empty list, saved once.
    const noSlos = { version: 1, created: true, checksum: expect.any(String) as string };
    expect(saved).toEqual({
      version: 1,
      created: true,
      checksum: expect.any(String) as string,
      slos: noSlos,
    });
    const again = await (await put(admin, `${GOOD}\n# edited comment\n`)).json();
    expect(again).toEqual({ ...saved, created: false, slos: { ...saved.slos, created: false } });

    const body = await getPolicy(admin);
    expect(body).toMatchObject({
      tenant: 'api-policies',
      version: 1,
      active: true,
      description: 'contract 2026',
      checksum: saved.checksum,
      versions: [{ version: 1, description: 'contract 2026', checksum: saved.checksum }],
    });
    expect(body.slos).toMatchObject({ version: 1, slos: [] });
    expect(body.policy.rules[1]).toMatchObject({
      id: 'rest',
      calendar: 'office',
      targets: { first_response: 14_400, resolution: 259_200 },
      pause_statuses: ['pending', 'on_hold'],
    });
  });

  it('keeps the policy in force when a later PUT is invalid', async () => {
    const error = await errorOf(await put(admin, 'rules: []\n'), 400);
    expect(error.details).toEqual({ path: 'rules', line: 1, column: 8 });
    expect((await getPolicy(admin)).version).toBe(1);
  });

  it('takes JSON too, and returns older versions on request', async () => {
    const v1 = await getPolicy(admin);
    const changed = { ...v1.policy, description: 'contract 2027' };
    const response = await put(admin, JSON.stringify(changed), 'application/json');
    expect(((await response.json()) as PutPolicyResponse).version).toBe(2);
    const current = await getPolicy(admin);
    expect(current).toMatchObject({ version: 2, active: true, description: 'contract 2027' });
    expect(current.versions.map((v) => v.version)).toEqual([2, 1]);
    const old = await getPolicy(admin, '?version=1');
    expect(old).toMatchObject({ version: 1, active: false, policy: v1.policy });
    expect(old.versions.map((v) => v.version)).toEqual([2, 1]);
    await errorOf(await t.get('/v1/policies?version=9', admin), 404);
    expect(await errorOf(await t.get('/v1/policies?version=first', admin), 400)).toMatchObject({
      code: 'BAD_REQUEST',
      details: { path: 'version' },
    });
  });

  it('refuses an invalid JSON policy by path, and a body that is not JSON', async () => {
    const body = JSON.stringify({ rules: [{ id: 'a', targets: { resolution: '4 hourz' } }] });
    const error = await errorOf(await put(admin, body, 'application/json'), 400);
    expect(error).toMatchObject({
      code: 'INVALID_POLICY',
      details: { path: 'rules[0].targets.resolution' },
    });
    expect(error.details).not.toHaveProperty('line');
    const broken = await errorOf(await put(admin, '{"rules": [', 'application/json'), 400);
    expect(broken.code).toBe('INVALID_BODY');
    expect((await getPolicy(admin)).version).toBe(2);
  });

  it('refuses other content types, empty bodies and bodies over 1 MiB', async () => {
    expect((await errorOf(await put(admin, GOOD, 'text/plain'), 415)).code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect((await errorOf(await put(admin, ''), 400)).code).toBe('INVALID_POLICY');
    const big = `${GOOD}description: "${'x'.repeat(1024 * 1024)}"\n`;
    expect((await errorOf(await put(admin, big), 413)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('checks scopes: query keys read, only admin keys write', async () => {
    const query = await t.key('api-policies', ['query']);
    const ingest = await t.key('api-policies', ['ingest']);
    expect((await getPolicy(query)).version).toBe(2);
    expect((await errorOf(await put(query, GOOD), 403)).code).toBe('FORBIDDEN');
    expect((await errorOf(await t.get('/v1/policies', ingest), 403)).code).toBe('FORBIDDEN');
    expect((await errorOf(await t.get('/v1/policies'), 401)).code).toBe('UNAUTHENTICATED');
  });

  it('keeps tenants apart', async () => {
    const other = await t.key('api-policies-other');
    await errorOf(await t.get('/v1/policies', other), 404);
    const saved = (await (await put(other, GOOD)).json()) as PutPolicyResponse;
    expect(saved.version).toBe(1);
    expect((await getPolicy(admin)).version).toBe(2);
  });
});

describe('deskpulse start and its policy file', () => {
  it('stops on a bad --policy file with one line and exit code 2, before opening the store', async () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, POLICY);
    const result = await runCli(['start', '--data-dir', tempDir(), '--policy', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `deskpulse: policy ${file}:17:19: rules[1].targets.resolution: "4 hourz" is not a duration (use e.g. 30m, 4h, 1h30m, 2d or whole seconds)`,
    ]);
  });

  // Three starts of the real command: seeded by the default, kept, then replaced.
  it('gives keyed tenants the default policy, and an explicit file replaces it', async () => {
    const dataDir = tempDir('deskpulse-start-policy-');
    const key = await createKeyWithCli(['--data-dir', dataDir], 'start-policy', 'admin');
    const policyAfterStart = async (env: NodeJS.ProcessEnv): Promise<PolicyResponse> => {
      const service = await startService(dataDir, env);
      try {
        const response = await fetch(`${service.url}/v1/policies`, {
          headers: { authorization: `Bearer ${key}` },
        });
        return (await response.json()) as PolicyResponse;
      } finally {
        service.child.kill('SIGTERM');
        await service.exited;
      }
    };
    const seeded = await policyAfterStart({});
    expect(seeded).toMatchObject({
      version: 1,
      description: expect.stringContaining('default') as string,
    });
    expect(seeded.policy.rules.map((rule) => rule.id)).toContain('p1-critical');

    const file = join(tempDir(), 'mine.yaml');
    writeFileSync(file, GOOD);
    expect((await policyAfterStart({ DESKPULSE_POLICY_FILE: file })).versions).toHaveLength(2);
    // The default never overrides a tenant's own policy; the same file again changes nothing.
    expect(await policyAfterStart({})).toMatchObject({ version: 2, description: 'contract 2026' });
    expect((await policyAfterStart({ DESKPULSE_POLICY_FILE: file })).version).toBe(2);
  }, 120_000);
});
