import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../schemas/errors.ts';
import { generatedDocs } from '../scripts/docs.ts';

describe('generated docs', () => {
  it.each(Object.entries(generatedDocs()))(
    '%s is up to date (run `npm run docs`)',
    (path, content) => {
      expect(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')).toBe(content);
    },
  );

  it('documents every error code', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    for (const code of ERROR_CODES) expect(doc).toContain(`| \`${code}\` |`);
  });
});
