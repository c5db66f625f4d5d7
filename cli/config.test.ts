import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/store.ts';
import { loadConfig, spoolDirOf } from './config.ts';

describe('configuration', () => {
  it('has sensible defaults: embedded store in ./data, port 8080', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      dataDir: './data',
      port: 8080,
      clickhouse: { database: 'deskpulse' },
    });
    expect(config.clickhouse.url).toBeUndefined();
    expect(spoolDirOf(config)).toBe('./data/spool');
  });

  it('layers file < environment < flags', () => {
    const file = join(tempDir(), 'deskpulse.yaml');
    writeFileSync(
      file,
      'port: 7000\nwriter:\n  flushIntervalMs: 500\nclickhouse:\n  database: desk\n',
    );
    const config = loadConfig({
      file,
      env: { DESKPULSE_PORT: '7001', DESKPULSE_DATA_DIR: '/srv/dp' },
      flags: { port: 7002 },
    });
    expect(config).toMatchObject({
      port: 7002,
      dataDir: '/srv/dp',
      writer: { flushIntervalMs: 500 },
      clickhouse: { database: 'desk' },
    });
  });

  it('names the environment variable of a bad value', () => {
    expect(() => loadConfig({ env: { DESKPULSE_PORT: 'eighty' } })).toThrow(
      /invalid setting DESKPULSE_PORT/,
    );
    expect(() => loadConfig({ env: { CLICKHOUSE_URL: 'not a url' } })).toThrow(/CLICKHOUSE_URL/);
  });

  it('names the file key of a bad value, and unknown keys', () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, 'limits:\n  maxLineBytes: -1\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/limits\.maxLineBytes in .*bad\.yaml/);
    writeFileSync(file, 'prot: 80\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/invalid setting/);
  });

  it('refuses a cluster without a server URL', () => {
    expect(() => loadConfig({ env: { CLICKHOUSE_CLUSTER: 'c1' } })).toThrow(/needs CLICKHOUSE_URL/);
  });
});
