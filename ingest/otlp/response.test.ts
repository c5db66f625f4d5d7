import { describe, expect, it } from 'vitest';
import { OTLP } from './proto.ts';
import { exportResponse } from './response.ts';

describe('exportResponse', () => {
  it('is an empty message on full success', () => {
    const ok = { rejected: 0, message: '' };
    expect(exportResponse('metrics', 'protobuf', ok)).toEqual(Buffer.alloc(0));
    expect(exportResponse('logs', 'json', ok)).toBe('{}');
  });

  it('fills partial_success for metrics, in protobuf', () => {
    const body = exportResponse('metrics', 'protobuf', { rejected: 3, message: 'why' });
    expect(Buffer.isBuffer(body)).toBe(true);
    const decoded = OTLP.metrics.response.decode(body as Buffer);
    expect(decoded.partialSuccess?.rejectedDataPoints?.toString()).toBe('3');
    expect(decoded.partialSuccess?.errorMessage).toBe('why');
  });

  it('fills partial_success for logs, in OTLP/JSON', () => {
    expect(
      JSON.parse(exportResponse('logs', 'json', { rejected: 2, message: 'why' }) as string),
    ).toEqual({
      partialSuccess: { rejectedLogRecords: '2', errorMessage: 'why' },
    });
  });

  it('carries a warning with nothing rejected', () => {
    expect(
      JSON.parse(exportResponse('metrics', 'json', { rejected: 0, message: 'note' }) as string),
    ).toEqual({
      partialSuccess: { rejectedDataPoints: '0', errorMessage: 'note' },
    });
  });
});
