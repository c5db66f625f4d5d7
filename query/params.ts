import type { z } from 'zod';
import { DeskpulseError } from '../schemas/errors.ts';
import { firstIssue } from '../schemas/issues.ts';
import type { QueryParamValue } from '../schemas/query.ts';
import { instantParam } from '../schemas/query-params.ts';

/*
 * A JSON body's parameters in the form the read routes' contracts parse:
 * query-string text. Lists become comma-separated text, numbers and booleans
 * their text, and from/to in epoch milliseconds RFC 3339. Then one contract
 * parses a `GET` query string and a `POST /v1/query` body alike.
 */

/** Parameters that are instants: the only ones taking epoch milliseconds and snapped to the cache bucket. */
export const INSTANT_PARAMS = ['from', 'to'] as const;

const EPOCH_MS = /^-?\d{1,16}$/;

function isInstantParam(name: string): boolean {
  return (INSTANT_PARAMS as readonly string[]).includes(name);
}

/** Epoch milliseconds as RFC 3339 UTC; anything else unchanged, for the contract to judge. */
function instantText(value: string | number): string {
  const ms = typeof value === 'number' ? value : EPOCH_MS.test(value) ? Number(value) : undefined;
  if (ms === undefined) return String(value);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

function textOf(name: string, value: QueryParamValue): string {
  if (Array.isArray(value)) return value.join(',');
  if (isInstantParam(name) && typeof value !== 'boolean') return instantText(value);
  return String(value);
}

/** `ms` rounded down to a multiple of `bucketMs` (unchanged when the bucket is 0). */
export function snapMs(ms: number, bucketMs: number): number {
  return bucketMs > 0 ? Math.floor(ms / bucketMs) * bucketMs : ms;
}

/**
 * The body's parameters as query-string text, with from/to snapped down to
 * the cache bucket, so that ranges a few seconds apart (dashboards of
 * managers refreshing at slightly different moments) ask the same question.
 * An instant the contract would refuse is left alone for it to refuse.
 */
export function queryStringsOf(
  params: Readonly<Record<string, QueryParamValue>>,
  bucketMs: number,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      const text = textOf(name, value);
      if (!isInstantParam(name)) return [name, text];
      const parsed = instantParam.safeParse(text);
      return [name, parsed.success ? new Date(snapMs(parsed.data, bucketMs)).toISOString() : text];
    }),
  );
}

/**
 * `400 INVALID_QUERY` naming the first bad field: under `prefix` (`params.from`)
 * or, without one, as a path in the body (`refId`, `params.from`).
 */
export function invalidParams(error: z.ZodError, prefix?: string): DeskpulseError {
  const issue = firstIssue(error);
  const path =
    prefix === undefined
      ? issue.path || 'body'
      : issue.path === ''
        ? prefix
        : `${prefix}.${issue.path}`;
  return new DeskpulseError('INVALID_QUERY', `${path}: ${issue.message}`, {
    path,
    message: issue.message,
  });
}

/** The parameters parsed by a query's contract, or `400 INVALID_QUERY`. */
export function parseParams<P>(schema: z.ZodType<P>, strings: Record<string, string>): P {
  const parsed = schema.safeParse(strings);
  if (parsed.success) return parsed.data;
  throw invalidParams(parsed.error, 'params');
}
