import { describe, expect, it } from 'vitest';
import { issueOf as issueOfSchema, type LocatedIssue } from './issues.ts';
import { telemetrySchema } from './telemetry.ts';

const sample = {
  kind: 'sample',
  device_id: 'PC-00001',
  occurred_at: '2026-03-02T08:05:00Z',
  cpu_pct: 12.5,
  mem_pct: 61,
  disk_free_pct: 34.2,
  uptime_s: 3600,
  os: 'Windows 11',
  os_version: '24H2',
  model: 'Latitude 5440',
  site: 'Berlin',
  agent_version: '1.4.2',
} as const;

const event = {
  kind: 'event',
  device_id: 'PC-00001',
  occurred_at: '2026-03-02T08:00:00Z',
  type: 'boot',
} as const;

const issueOf = (value: unknown): LocatedIssue | undefined => issueOfSchema(telemetrySchema, value);

describe('endpoint telemetry v1', () => {
  it('accepts full samples, partial samples and each event type', () => {
    expect(issueOf(sample)).toBeUndefined();
    expect(
      issueOf({ kind: 'sample', device_id: 'd', occurred_at: sample.occurred_at, cpu_pct: 0 }),
    ).toBeUndefined();
    expect(
      issueOf({ kind: 'sample', device_id: 'd', occurred_at: sample.occurred_at, site: 'Munich' }),
    ).toBeUndefined();
    expect(issueOf({ ...event, boot_duration_s: 41.5 })).toBeUndefined();
    expect(issueOf({ ...event, type: 'shutdown', clean: false })).toBeUndefined();
    expect(
      issueOf({
        ...event,
        type: 'app_crash',
        app: 'Teams',
        app_version: '24.1',
        code: '0xc0000005',
      }),
    ).toBeUndefined();
    expect(issueOf({ ...event, type: 'app_hang', app: 'Outlook' })).toBeUndefined();
    for (const type of ['os_crash', 'service_failure', 'patch_installed'])
      expect(issueOf({ ...event, type })).toBeUndefined();
  });

  it.each([
    [{ ...sample, kind: 'metric' }, 'kind', 'discriminator'],
    [
      { kind: 'sample', device_id: 'd', occurred_at: sample.occurred_at },
      'kind',
      'at least one gauge',
    ],
    [{ ...sample, cpu_pct: 100.1 }, 'cpu_pct', 'between 0 and 100'],
    [{ ...sample, mem_pct: -1 }, 'mem_pct', 'between 0 and 100'],
    [{ ...sample, disk_free_pct: '5' }, 'disk_free_pct', ''],
    [{ ...sample, uptime_s: 1.5 }, 'uptime_s', 'whole number'],
    [{ ...sample, uptime_s: -1 }, 'uptime_s', 'negative'],
    [{ ...sample, uptime_s: 400_000_000 }, 'uptime_s', 'ten years'],
    [{ ...sample, device_id: '' }, 'device_id', 'must not be empty'],
    [{ ...sample, tenant: 'x' }, 'tenant', 'unknown field'],
    [{ ...sample, type: 'boot' }, 'type', 'unknown field'],
    [{ ...event, type: 'reboot' }, 'type', ''],
    [{ ...event, type: 'app_crash' }, 'app', 'required'],
    [{ ...event, type: 'shutdown', boot_duration_s: 3 }, 'boot_duration_s', 'only allowed'],
    [{ ...event, boot_duration_s: -3 }, 'boot_duration_s', 'negative'],
    [{ ...event, boot_duration_s: 90_000 }, 'boot_duration_s', 'longer than a day'],
    [{ ...event, clean: true }, 'clean', 'only allowed'],
    [{ ...event, cpu_pct: 3 }, 'cpu_pct', 'unknown field'],
    [{ ...event, occurred_at: '2026-03-02T08:00:00+25:00' }, 'occurred_at', 'RFC 3339'],
  ])('rejects a bad value at %# (%s)', (value, path, message) => {
    const issue = issueOf(value);
    expect(issue?.path).toBe(path);
    expect(issue?.message).toContain(message);
  });
});
