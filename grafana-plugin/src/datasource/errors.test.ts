import { describe, expect, it } from 'vitest';

import { describeError } from './errors';

const envelope = { error: { code: 'INVALID_QUERY', message: 'params.from: must be a time' } };

describe('describeError', () => {
  it('names the Deskpulse error code of a JSON error body', () => {
    expect(describeError({ status: 400, data: envelope })).toEqual({
      status: 400,
      message: 'INVALID_QUERY: params.from: must be a time',
    });
  });

  it('decodes error bodies that arrived as bytes for an Arrow request', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(envelope));
    expect(describeError({ status: 400, data: bytes.buffer }).message).toBe(
      'INVALID_QUERY: params.from: must be a time',
    );
  });

  it('falls back to the status, a message field, or the thrown error', () => {
    expect(describeError({ status: 502, statusText: 'Bad Gateway', data: '' })).toEqual({
      status: 502,
      message: 'HTTP 502 Bad Gateway',
    });
    expect(describeError({ status: 500, data: { message: 'proxy error' } }).message).toBe(
      'proxy error',
    );
    expect(describeError(new Error('offline'))).toEqual({ message: 'offline' });
    expect(describeError('odd')).toEqual({ message: 'odd' });
  });
});
