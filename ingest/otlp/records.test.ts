import { describe, expect, it } from 'vitest';
import type { EndpointEvent, EndpointSample } from '../../schemas/telemetry.ts';
import { BatchBuilder } from '../body/parse-batch.ts';
import { eventValidator } from '../body/validate.ts';
import { MAX_REASONS, Rejections, settleAll } from './records.ts';
import type { Candidate } from './records.ts';

const NOW = Date.parse('2024-03-05T12:00:00Z');
const validate = eventValidator({
  stream: 'telemetry',
  tenant: 'acme',
  now: NOW,
  maxClockSkewSeconds: 300,
  retention: { samplesDays: 30, endpointEventsDays: 30 },
});

function sample(fields: Partial<EndpointSample>): Candidate<EndpointSample> {
  const record: EndpointSample = {
    kind: 'sample',
    device_id: 'pc-1',
    occurred_at: '2024-03-05T11:00:00.000Z',
    cpu_pct: 25,
    uptime_s: 100,
    site: 'Berlin',
    ...fields,
  };
  return {
    record,
    origin: { items: 3, where: 'sample' },
    parts: {
      cpu_pct: { items: 2, where: 'cpu points' },
      uptime_s: { items: 1, where: 'uptime point' },
      site: { items: 0, where: 'inventory' },
    },
  };
}

function run(candidates: Candidate[]) {
  const batch = new BatchBuilder(100);
  const rejections = new Rejections();
  const accepted = settleAll(candidates, validate, batch, rejections);
  return { accepted, rejections, chunks: batch.result().chunks };
}

describe('settleAll', () => {
  it('writes valid records as rows of their table', () => {
    const event: Candidate<EndpointEvent> = {
      record: {
        kind: 'event',
        device_id: 'pc-1',
        occurred_at: '2024-03-05T11:30:00.123Z',
        type: 'boot',
        boot_duration_s: 31.5,
      },
      origin: { items: 1, where: 'log record 0' },
    };
    const { accepted, rejections, chunks } = run([sample({}), event]);
    expect(accepted).toBe(2);
    expect(rejections.count).toBe(0);
    expect(chunks.get('endpoint_samples')?.ndjson.toString()).toBe(
      '{"tenant":"acme","kind":"sample","device_id":"pc-1","occurred_at":"2024-03-05T11:00:00.000Z","cpu_pct":25,"uptime_s":100,"site":"Berlin"}\n',
    );
    expect(chunks.get('endpoint_events')?.rows).toBe(1);
  });

  it('drops an invalid gauge with its points and keeps the rest of the sample', () => {
    const { accepted, rejections, chunks } = run([sample({ uptime_s: -4 })]);
    expect(accepted).toBe(1);
    expect(rejections.count).toBe(1);
    expect(rejections.message()).toBe('uptime point: uptime_s: must not be negative');
    expect(chunks.get('endpoint_samples')?.ndjson.toString()).not.toContain('uptime_s');
  });

  it('drops an invalid inventory label as a warning, losing no data point', () => {
    const { accepted, rejections } = run([sample({ site: 'x'.repeat(300) })]);
    expect(accepted).toBe(1);
    expect(rejections.count).toBe(0);
    expect(rejections.message()).toBe('inventory: site: must be at most 256 characters');
  });

  it('rejects every point of a sample from the future or before retention', () => {
    const { accepted, rejections } = run([
      sample({ occurred_at: '2024-03-05T12:10:00.000Z' }),
      sample({ occurred_at: '2024-01-01T00:00:00.000Z' }),
    ]);
    expect(accepted).toBe(0);
    expect(rejections.count).toBe(6);
    expect(rejections.reasons).toEqual([
      'sample: occurred_at: is in the future by more than the allowed clock skew of 300 seconds',
      'sample: occurred_at: is older than the 30-day retention of endpoint_samples; it would be dropped on arrival',
    ]);
  });

  it('spells out the first reasons and counts the rest', () => {
    const rejections = new Rejections();
    for (let i = 0; i < MAX_REASONS + 3; i++) rejections.add(1, `reason ${i}`);
    expect(rejections.count).toBe(MAX_REASONS + 3);
    expect(rejections.message()).toMatch(/^reason 0; .*; reason 4; and 3 more$/);
    expect(new Rejections().message()).toBe('');
  });

  it('stops at maxEventsPerRequest', () => {
    const batch = new BatchBuilder(1);
    expect(() => settleAll([sample({}), sample({})], validate, batch, new Rejections())).toThrow(
      /more than 1 events/,
    );
  });
});
