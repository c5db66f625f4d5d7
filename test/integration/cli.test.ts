import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeyWithCli,
  keyFromOutput,
  runCli,
  startService,
  type RunningService,
} from '../helpers/child.ts';
import { tempDir } from '../helpers/store.ts';

const dataDir = tempDir('deskpulse-cli-');
let adminKey: string;
let service: RunningService;

beforeAll(async () => {
  const migrated = await runCli(['migrate', '--data-dir', dataDir]);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stdout).toMatch(/is at migration \d{4}/);
  const created = await runCli([
    'keys',
    'create',
    '--data-dir',
    dataDir,
    '--tenant',
    'cli',
    '--scopes',
    'ingest,query,admin',
    '--name',
    'ops',
  ]);
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toContain('not shown again');
  adminKey = keyFromOutput(created.stdout);
  service = await startService(dataDir);
}, 120_000);

afterAll(async () => {
  service.child.kill('SIGTERM');
  await service.exited;
});

describe('deskpulse CLI', () => {
  it('says in one line that the data directory is in use, and what to do', async () => {
    const result = await runCli(['keys', 'list', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /in use by another deskpulse process \(pid \d+\): stop it, or pass --url/,
    );
  });

  it('manages keys through a running server with --url', async () => {
    const key = await createKeyWithCli(['--url', service.url, '--key', adminKey], 'cli', 'ingest');
    const listed = await runCli(['keys', 'list', '--url', service.url, '--key', adminKey]);
    expect(listed.stdout).toContain(key.slice(3, 15));
    const revoked = await runCli([
      'keys',
      'revoke',
      key.slice(3, 15),
      '--url',
      service.url,
      '--key',
      adminKey,
    ]);
    expect(revoked.code, revoked.stderr).toBe(0);
    const wrongTenant = await runCli([
      'keys',
      'create',
      '--url',
      service.url,
      '--key',
      adminKey,
      '--tenant',
      'other',
      '--scopes',
      'ingest',
    ]);
    expect(wrongTenant.code).toBe(1);
  });

  it('stops on a bad setting with one line naming it', async () => {
    const result = await runCli(['migrate', '--data-dir', tempDir()], {
      DESKPULSE_FLUSH_INTERVAL_MS: '5000',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^deskpulse: invalid setting DESKPULSE_FLUSH_INTERVAL_MS: .*1000/,
    );
  });

  it('refuses unknown scopes and bad tenants', async () => {
    const scopes = await runCli([
      'keys',
      'create',
      '--data-dir',
      tempDir(),
      '--tenant',
      'x',
      '--scopes',
      'ingest,root',
    ]);
    expect(scopes.stderr).toContain('unknown scope "root"');
    const tenant = await runCli([
      'keys',
      'create',
      '--data-dir',
      tempDir(),
      '--tenant',
      'Bad Tenant',
      '--scopes',
      'ingest',
    ]);
    expect(tenant.code).toBe(1);
    expect(tenant.stderr).toContain('--tenant');
  });
});

describe('deskpulse query', () => {
  it('serves the read API and refuses intake', async () => {
    const dir = tempDir('deskpulse-cli-query-');
    const key = await createKeyWithCli(['--data-dir', dir], 'reader', 'ingest,query');
    const reader = await startService(dir, {}, 60_000, 'query');
    try {
      const headers = { authorization: `Bearer ${key}` };
      const catalogue = await fetch(`${reader.url}/v1/query`, { headers });
      expect(catalogue.status).toBe(200);
      const intake = await fetch(`${reader.url}/v1/tickets/events`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-ndjson' },
        body: '{}\n',
      });
      expect(intake.status).toBe(404);
    } finally {
      reader.child.kill('SIGTERM');
      await reader.exited;
    }
  }, 120_000);
});
