import { describe, expect, it } from 'vitest';
import { negotiate } from './accept.ts';

describe('negotiate', () => {
  it('answers JSON by default and for wildcards', () => {
    for (const accept of [
      undefined,
      '',
      '*/*',
      'application/*',
      'application/json; charset=utf-8',
    ]) {
      expect(negotiate(accept), String(accept)).toBe('json');
    }
  });

  it('answers Arrow when asked, by quality', () => {
    expect(negotiate('application/vnd.apache.arrow.stream')).toBe('arrow');
    expect(negotiate('application/json;q=0.5, application/vnd.apache.arrow.stream')).toBe('arrow');
    expect(negotiate('Application/VND.Apache.Arrow.Stream, */*;q=0.1')).toBe('arrow');
    expect(negotiate('application/vnd.apache.arrow.stream;q=0.2, application/json')).toBe('json');
    expect(negotiate('text/html, application/vnd.apache.arrow.stream;q=0.9')).toBe('arrow');
  });

  it('refuses what it cannot send with 406 NOT_ACCEPTABLE', () => {
    for (const accept of ['text/csv', 'application/json;q=0', 'image/png, text/*']) {
      let refusal: unknown;
      try {
        negotiate(accept);
      } catch (error) {
        refusal = error;
      }
      expect(refusal, accept).toMatchObject({ code: 'NOT_ACCEPTABLE', status: 406 });
    }
  });
});
