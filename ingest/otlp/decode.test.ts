import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DeskpulseError } from '../../schemas/errors.ts';
import { decodeRequest, normaliseOtlpJson, otlpContentType, readBody } from './decode.ts';
import { OTLP } from './proto.ts';
import { emittedLogs, encode, hostMetrics } from './sdk-support.ts';

const AT = new Date('2024-03-05T10:00:00.250Z');
const LIMITS = { maxBodyBytes: 1024, maxDecompressedBytes: 4096 };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DeskpulseError ? `${error.code}: ${error.message}` : String(error);
  }
  return undefined;
}

describe('otlpContentType', () => {
  it('knows protobuf and JSON, parameters aside', () => {
    expect(otlpContentType('application/x-protobuf')).toEqual({
      format: 'protobuf',
      mediaType: 'application/x-protobuf',
    });
    expect(otlpContentType('Application/JSON; charset=utf-8')).toEqual({
      format: 'json',
      mediaType: 'application/json',
    });
  });

  it('refuses anything else with UNSUPPORTED_MEDIA_TYPE', () => {
    expect(codeOf(() => otlpContentType('application/x-ndjson'))).toMatch(
      /^UNSUPPORTED_MEDIA_TYPE: Content-Type "application\/x-ndjson" is not supported/,
    );
    expect(codeOf(() => otlpContentType(undefined))).toMatch(/Content-Type is missing/);
  });
});

describe('readBody', () => {
  it('decompresses gzip', async () => {
    const body = await readBody(Readable.from([gzipSync('hello')]), 'gzip', LIMITS);
    expect(body.toString()).toBe('hello');
  });

  it('enforces the decompressed size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(100_000));
    await expect(readBody(Readable.from([bomb]), 'gzip', LIMITS)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});

describe('decodeRequest', () => {
  it('decodes protobuf encoded by the official serializer', async () => {
    const metrics = await hostMetrics(
      { 'host.name': 'pc-1' },
      { uptimeSeconds: 3600, memoryUsage: { used: 4e9 } },
      AT,
    );
    const bytes = encode.metricsProtobuf(metrics);
    const request = decodeRequest(OTLP.metrics.request, 'protobuf', bytes, 'M');
    const names = request.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.map((m) => m.name);
    expect(names).toEqual(['system.memory.usage', 'system.uptime']);
    const uptime = request.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[1];
    expect(uptime?.gauge?.dataPoints?.[0]?.timeUnixNano?.toString()).toBe('1709632800250000000');
    expect(request.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.sum).toBeTruthy();
  });

  it('decodes OTLP/JSON from the official serializer, hex ids and all', async () => {
    const logs = await emittedLogs({ 'host.name': 'pc-1' }, [
      { timestamp: AT, attributes: { 'event.name': 'boot' } },
    ]);
    const bytes = encode.logsJson(logs);
    const request = decodeRequest(OTLP.logs.request, 'json', bytes, 'L');
    const record = request.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0];
    expect(record?.timeUnixNano?.toString()).toBe('1709632800250000000');
    expect(record?.attributes?.[0]).toMatchObject({ key: 'event.name' });
  });

  it('refuses garbage protobuf with INVALID_BODY', () => {
    expect(
      codeOf(() =>
        decodeRequest(OTLP.metrics.request, 'protobuf', Buffer.from('this is not protobuf'), 'M'),
      ),
    ).toMatch(/^INVALID_BODY: the body is not a valid M in protobuf: invalid wire type/);
  });

  it('refuses JSON that is not one request object', () => {
    const json = (text: string) => () =>
      decodeRequest(OTLP.metrics.request, 'json', Buffer.from(text), 'M');
    expect(codeOf(json('{"resourceMetrics":'))).toMatch(/^INVALID_BODY: invalid JSON/);
    expect(codeOf(json('[]'))).toMatch(/^INVALID_BODY: an OTLP\/JSON body must be one/);
    expect(codeOf(json('{"resourceMetrics":{}}'))).toMatch(
      /^INVALID_BODY: the body is not a valid M in OTLP\/JSON: .*array expected/,
    );
    expect(
      codeOf(
        json(
          '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"timeUnixNano":"soon"}]}}]}]}]}',
        ),
      ),
    ).toBe(
      'INVALID_BODY: resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano: "soon" is not a decimal integer',
    );
  });
});

describe('normaliseOtlpJson', () => {
  it('turns hex ids into bytes and checks int64 fields', () => {
    const record: Record<string, unknown> = {
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: '',
      timeUnixNano: 1709632800250000000,
      observedTimeUnixNano: '1709632800250000000',
    };
    normaliseOtlpJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });
    expect(Buffer.from(record['traceId'] as Uint8Array).toString('hex')).toBe(
      '5b8efff798038103d269b633813fc60c',
    );
    expect(
      codeOf(() => {
        normaliseOtlpJson({ spanId: 'xyz' });
      }),
    ).toBe('INVALID_BODY: spanId: must be a hex string');
    expect(
      codeOf(() => {
        normaliseOtlpJson({ asInt: 1.5 });
      }),
    ).toBe('INVALID_BODY: asInt: 1.5 is not a whole number');
    expect(
      codeOf(() => {
        normaliseOtlpJson({ intValue: '99999999999999999999' });
      }),
    ).toBe('INVALID_BODY: intValue: 99999999999999999999 is out of range');
  });

  it('lifts LogRecord.eventName into an event.name attribute', () => {
    const lifted: Record<string, unknown> = { eventName: 'app.crash' };
    normaliseOtlpJson(lifted);
    expect(lifted['attributes']).toEqual([
      { key: 'event.name', value: { stringValue: 'app.crash' } },
    ]);
    const kept: Record<string, unknown> = {
      eventName: 'app.crash',
      attributes: [{ key: 'event.name', value: { stringValue: 'boot' } }],
    };
    normaliseOtlpJson(kept);
    expect(kept['attributes']).toHaveLength(1);
  });

  it('walks deep nesting without recursion', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 100_000; i++) value = { arrayValue: { values: [value] } };
    expect(() => {
      normaliseOtlpJson({ attributes: [{ key: 'deep', value }] });
    }).not.toThrow();
  });
});
