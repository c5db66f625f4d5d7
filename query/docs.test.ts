import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NAMED_QUERIES } from './registry.ts';

/** docs/query.md is written by hand: this keeps it naming every query and field. */
const doc = readFileSync(new URL('../docs/query.md', import.meta.url), 'utf8');

/** The doc's text about one query: from its heading or bullet to the next one. */
function sectionOf(name: string): string {
  const start = doc.search(new RegExp(`(### |\\*\\*)\`${name.replace('.', '\\.')}\``));
  if (start < 0) return '';
  const rest = doc.slice(start + name.length + 6);
  const end = rest.search(/\n(### |- \*\*)/);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('docs/query.md', () => {
  it.each(NAMED_QUERIES.map((query) => [query.name, query] as const))(
    'documents %s and each of its fields',
    (_name, query) => {
      const section = sectionOf(query.name);
      expect(section, query.name).not.toBe('');
      for (const field of query.fields) expect(section, field.name).toContain(`\`${field.name}\``);
    },
  );
});
