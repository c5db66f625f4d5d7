import { describe, expect, it } from 'vitest';
import { parseBatch } from './parse-batch.ts';
import { DEFAULT_LIMITS, sourceOf } from './test-support.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');

function telemetryAt(iso: string, kind: 'sample' | 'event'): string {
  return JSON.stringify(
    kind === 'sample'
      ? { kind, device_id: 'PC-1', occurred_at: iso, cpu_pct: 5 }
      : { kind, device_id: 'PC-1', occurred_at: iso, type: 'os_crash' },
  );
}

function parseTelemetry(
  body: string,
  retention: { samplesDays: number; endpointEventsDays: number },
) {
  return parseBatch(sourceOf([Buffer.from(body)]), {
    stream: 'telemetry',
    tenant: 't',
    contentType: 'application/x-ndjson',
    contentEncoding: undefined,
    limits: DEFAULT_LIMITS,
    now: NOW,
    retention,
  });
}

describe('telemetry retention at ingest', () => {
  it('refuses records the raw-table TTL would drop on arrival, with the table and the limit', async () => {
    const body = [
      telemetryAt('2026-02-01T10:00:00Z', 'sample'), // 29 days old: kept
      telemetryAt('2026-01-30T09:59:59Z', 'sample'), // just over 30 days: refused
      telemetryAt('2025-12-01T00:00:00Z', 'event'), // events kept 365 days
      telemetryAt('2025-03-01T00:00:00Z', 'event'), // 366 days: refused
    ].join('\n');
    const batch = await parseTelemetry(body, { samplesDays: 30, endpointEventsDays: 365 });
    expect(batch.accepted).toBe(2);
    expect(batch.rejected).toEqual([
      {
        line: 2,
        path: 'occurred_at',
        message:
          'is older than the 30-day retention of endpoint_samples; it would be dropped on arrival',
      },
      {
        line: 4,
        path: 'occurred_at',
        message:
          'is older than the 365-day retention of endpoint_events; it would be dropped on arrival',
      },
    ]);
  });

  it('keeps everything when retention is 0 (forever)', async () => {
    const batch = await parseTelemetry(telemetryAt('1995-01-01T00:00:00Z', 'sample'), {
      samplesDays: 0,
      endpointEventsDays: 0,
    });
    expect(batch.accepted).toBe(1);
  });
});
