import type { z } from 'zod';

/** A zod issue reduced to what a client needs to fix its input. */
export interface LocatedIssue {
  path: string;
  message: string;
}

// Attribute names are free text; anything unusual is shown quoted.
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && SIMPLE_KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** The first issue of a failed parse, with unknown keys reported at their own path. */
export function firstIssue(error: z.ZodError): LocatedIssue {
  const issue = error.issues[0];
  if (issue === undefined) return { path: '', message: 'invalid' };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { path: formatPath([...issue.path, key]), message: 'unknown field' };
  }
  if (issue.code === 'invalid_key') {
    return { path: formatPath(issue.path), message: issue.issues[0]?.message ?? issue.message };
  }
  return { path: formatPath(issue.path), message: issue.message };
}

/** Why `value` fails `schema`, located; undefined when it passes. */
export function issueOf(schema: z.ZodType, value: unknown): LocatedIssue | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : firstIssue(result.error);
}
