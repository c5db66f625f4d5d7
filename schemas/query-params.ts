import { z } from 'zod';

/*
 * Building blocks of query-string parameters, shared by the read routes'
 * contracts (`schemas/sla-rollups.ts`, `schemas/reliability.ts`) so that a
 * parameter spelled the same way is parsed and refused the same way.
 */

/** An RFC 3339 instant with an explicit offset, as epoch milliseconds. */
export const instantParam = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 timestamp with an offset' })
  .transform((value) => Date.parse(value));

/**
 * A comma-separated list of 1 to `maxItems` `item`s, each trimmed; an error
 * names the element, e.g. `model[1]`.
 */
export function csvList<T extends z.ZodType<string, string>>(item: T, maxItems: number) {
  return z
    .string()
    .transform((text) => text.split(',').map((part) => part.trim()))
    .pipe(z.array(item).min(1).max(maxItems));
}
