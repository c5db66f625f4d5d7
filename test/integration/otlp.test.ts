import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../schemas/api.ts';
import { OTLP } from '../../ingest/otlp/proto.ts';
import { emittedLogs, encode, hostMetrics } from '../../ingest/otlp/sdk-support.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { queryRows } from '../helpers/store.ts';

// OTLP/HTTP intake end to end: payloads recorded through the OpenTelemetry SDK
// and encoded by the official serializers, posted to the real service, read
// back from the embedded engine.

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };
const AT = new Date('2024-03-05T10:00:00.250Z');

const PC1 = {
  'host.name': 'pc-1',
  'os.type': 'windows',
  'os.version': '10.0.22631',
  'device.model.name': 'Latitude 7440',
  'deskpulse.site': 'Berlin',
  'deskpulse.agent.version': '2.4.1',
};

const SNAPSHOT = {
  cpu: {
    cpu0: { idle: 0.9, user: 0.07, system: 0.03 },
    cpu1: { idle: 0.6, user: 0.3, system: 0.1 },
  },
  memoryUtilization: { used: 0.625, free: 0.25, cached: 0.125 },
  filesystems: [
    { mountpoint: 'C:', type: 'NTFS', mode: 'rw', utilization: 0.7 },
    { mountpoint: 'D:', type: 'NTFS', mode: 'rw', utilization: 0.2 },
    { mountpoint: 'E:', type: 'CDFS', mode: 'ro', utilization: 1 },
  ],
  uptimeSeconds: 3600.9,
};

interface SampleRow {
  device_id: string;
  occurred_at: string;
  cpu_pct: number | null;
  mem_pct: number | null;
  disk_free_pct: number | null;
  uptime_s: number | null;
  os: string;
  os_version: string;
  model: string;
  site: string;
  agent_version: string;
}

interface EventRow {
  device_id: string;
  occurred_at: string;
  type: string;
  app: string;
  app_version: string;
  boot_duration_s: number | null;
  clean: boolean | null;
  code: string;
}

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

function samples(tenant: string): Promise<SampleRow[]> {
  return queryRows<SampleRow>(
    t.runtime.store,
    `SELECT device_id, toString(occurred_at) AS occurred_at, cpu_pct, mem_pct, disk_free_pct,
            uptime_s, os, os_version, model, site, agent_version
       FROM deskpulse.endpoint_samples FINAL
      WHERE tenant = {tenant:String} ORDER BY device_id, occurred_at`,
    { tenant },
  );
}

function events(tenant: string): Promise<EventRow[]> {
  return queryRows<EventRow>(
    t.runtime.store,
    `SELECT device_id, toString(occurred_at) AS occurred_at, type, app, app_version,
            boot_duration_s, clean, code
       FROM deskpulse.endpoint_events FINAL
      WHERE tenant = {tenant:String} ORDER BY occurred_at, type`,
    { tenant },
  );
}

const PC1_SAMPLE: SampleRow = {
  device_id: 'pc-1',
  occurred_at: '2024-03-05 10:00:00.000',
  cpu_pct: 25,
  mem_pct: 62.5,
  disk_free_pct: 30,
  uptime_s: 3600,
  os: 'Windows',
  os_version: '10.0.22631',
  model: 'Latitude 7440',
  site: 'Berlin',
  agent_version: '2.4.1',
};

async function deviceLogs(at: Date) {
  return emittedLogs({ 'host.id': 'a1b2c3', 'host.name': 'pc-1' }, [
    {
      timestamp: at,
      attributes: {
        'event.name': 'app.crash',
        'process.executable.name': 'OUTLOOK.EXE',
        'app.version': '16.0.17328',
        'exception.type': '0xc0000005',
      },
    },
    { timestamp: new Date(at.getTime() + 1000), body: 'cleanup finished' },
    {
      timestamp: new Date(at.getTime() + 2000),
      attributes: { 'event.name': 'shutdown', 'shutdown.clean': true },
    },
    {
      timestamp: new Date(at.getTime() + 90_000),
      attributes: { 'event.name': 'device.boot', 'boot.duration': 41.5 },
    },
  ]);
}

const DEVICE_EVENTS: EventRow[] = [
  {
    device_id: 'a1b2c3',
    occurred_at: '2024-03-05 10:00:00.250',
    type: 'app_crash',
    app: 'OUTLOOK.EXE',
    app_version: '16.0.17328',
    boot_duration_s: null,
    clean: null,
    code: '0xc0000005',
  },
  {
    device_id: 'a1b2c3',
    occurred_at: '2024-03-05 10:00:02.250',
    type: 'shutdown',
    app: '',
    app_version: '',
    boot_duration_s: null,
    clean: true,
    code: '',
  },
  {
    device_id: 'a1b2c3',
    occurred_at: '2024-03-05 10:01:30.250',
    type: 'boot',
    app: '',
    app_version: '',
    boot_duration_s: 41.5,
    clean: null,
    code: '',
  },
];

describe('POST /v1/otlp/v1/metrics', () => {
  it('stores hostmetrics sent as protobuf as one sample per device and second', async () => {
    const key = await t.key('otlp-pb');
    const body = encode.metricsProtobuf(await hostMetrics(PC1, SNAPSHOT, AT));
    const response = await t.post('/v1/otlp/v1/metrics', key, body, PROTOBUF);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const answer = OTLP.metrics.response.decode(new Uint8Array(await response.arrayBuffer()));
    expect(answer.partialSuccess).toBeFalsy();
    expect(await samples('otlp-pb')).toEqual([PC1_SAMPLE]);
  });

  it('takes OTLP/JSON and answers in JSON', async () => {
    const key = await t.key('otlp-json');
    const body = encode.metricsJson(await hostMetrics(PC1, SNAPSHOT, AT));
    const response = await t.post('/v1/otlp/v1/metrics', key, body, JSON_TYPE);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({});
    expect(await samples('otlp-json')).toEqual([PC1_SAMPLE]);
  });

  it('stores the good points and reports the rest in partial_success', async () => {
    const key = await t.key('otlp-partial');
    const future = new Date(Date.now() + 3_600_000);
    const good = await hostMetrics(PC1, { uptimeSeconds: 3600.9 }, AT);
    const late = await hostMetrics({ 'host.name': 'pc-2' }, { uptimeSeconds: 60 }, future);
    const anonymous = await hostMetrics({ 'os.type': 'linux' }, { uptimeSeconds: 5 }, AT);
    const body = encode.metricsJson(good);
    const request = JSON.parse(body.toString()) as { resourceMetrics: unknown[] };
    for (const extra of [late, anonymous]) {
      const more = JSON.parse(encode.metricsJson(extra).toString()) as typeof request;
      request.resourceMetrics.push(...more.resourceMetrics);
    }
    const response = await t.post('/v1/otlp/v1/metrics', key, gzipSync(JSON.stringify(request)), {
      ...JSON_TYPE,
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      partialSuccess: { rejectedDataPoints: string; errorMessage: string };
    };
    expect(answer.partialSuccess.rejectedDataPoints).toBe('2');
    // Problems found while mapping come first, then those the validator finds.
    expect(answer.partialSuccess.errorMessage).toBe(
      'resource 2: the resource has none of deskpulse.device.id, host.id, host.name, so no device to file it under (1 data point); ' +
        'resource 1 (host.name=pc-2) metric system.uptime point 0: occurred_at: is in the future by more than the allowed clock skew of 300 seconds',
    );
    expect(await samples('otlp-partial')).toEqual([
      {
        ...PC1_SAMPLE,
        cpu_pct: null,
        mem_pct: null,
        disk_free_pct: null,
      },
    ]);
  });
});

describe('POST /v1/otlp/v1/logs', () => {
  it('stores endpoint events sent as protobuf and ignores ordinary logs', async () => {
    const key = await t.key('otlp-logs');
    const body = encode.logsProtobuf(await deviceLogs(AT));
    const response = await t.post('/v1/otlp/v1/logs', key, body, PROTOBUF);
    expect(response.status).toBe(200);
    const answer = OTLP.logs.response.decode(new Uint8Array(await response.arrayBuffer()));
    expect(answer.partialSuccess).toBeFalsy();
    expect(await events('otlp-logs')).toEqual(DEVICE_EVENTS);
  });

  it('takes gzip-compressed OTLP/JSON', async () => {
    const key = await t.key('otlp-logs-json');
    const body = gzipSync(encode.logsJson(await deviceLogs(AT)));
    const response = await t.post('/v1/otlp/v1/logs', key, body, {
      ...JSON_TYPE,
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(await events('otlp-logs-json')).toEqual(DEVICE_EVENTS);
  });

  it('rejects a record from the future in partial_success, in protobuf', async () => {
    const key = await t.key('otlp-logs-partial');
    const logs = await emittedLogs({ 'host.name': 'pc-9' }, [
      { timestamp: AT, attributes: { 'event.name': 'os_crash', 'error.code': '0x000000EF' } },
      {
        timestamp: new Date(Date.now() + 3_600_000),
        attributes: { 'event.name': 'app_hang', 'app.name': 'Teams' },
      },
    ]);
    const response = await t.post('/v1/otlp/v1/logs', key, encode.logsProtobuf(logs), PROTOBUF);
    expect(response.status).toBe(200);
    const answer = OTLP.logs.response.decode(new Uint8Array(await response.arrayBuffer()));
    expect(answer.partialSuccess?.rejectedLogRecords?.toString()).toBe('1');
    expect(answer.partialSuccess?.errorMessage).toBe(
      'resource 0 (host.name=pc-9) log record 1 (app_hang): occurred_at: is in the future by more than the allowed clock skew of 300 seconds',
    );
    expect((await events('otlp-logs-partial')).map((row) => [row.type, row.code])).toEqual([
      ['os_crash', '0x000000EF'],
    ]);
  });
});

describe('requests OTLP cannot take', () => {
  let key: string;
  beforeAll(async () => {
    key = await t.key('otlp-errors');
  });

  async function errorOf(response: Response): Promise<ErrorBody['error']> {
    return ((await response.json()) as ErrorBody).error;
  }

  it('answers 400 INVALID_BODY for a body that is not OTLP', async () => {
    const protobuf = await t.post(
      '/v1/otlp/v1/metrics',
      key,
      Buffer.from('this is not protobuf'),
      PROTOBUF,
    );
    expect(protobuf.status).toBe(400);
    expect(await errorOf(protobuf)).toMatchObject({ code: 'INVALID_BODY' });
    const json = await t.post('/v1/otlp/v1/logs', key, '{"resourceLogs":[', JSON_TYPE);
    expect(json.status).toBe(400);
    expect((await errorOf(json)).message).toMatch(/^invalid JSON/);
  });

  it('answers 415 for a content type other than protobuf or JSON', async () => {
    const response = await t.post('/v1/otlp/v1/logs', key, 'hello', {
      'content-type': 'text/plain',
    });
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 401 without an API key and 403 without the ingest scope', async () => {
    const anonymous = await fetch(`${t.url}/v1/otlp/v1/metrics`, {
      method: 'POST',
      headers: PROTOBUF,
      body: Buffer.alloc(0),
    });
    expect(anonymous.status).toBe(401);
    expect(await errorOf(anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const reader = await t.key('otlp-errors', ['query']);
    const forbidden = await t.post('/v1/otlp/v1/logs', reader, Buffer.alloc(0), PROTOBUF);
    expect(forbidden.status).toBe(403);
  });

  it('answers 200 with nothing to store for an empty export', async () => {
    const response = await t.post('/v1/otlp/v1/metrics', key, Buffer.alloc(0), PROTOBUF);
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });
});
