import type { z } from 'zod';
import { DeskpulseError } from '../../schemas/errors.ts';
import { firstIssue } from '../../schemas/issues.ts';

/**
 * A request's query string parsed by its contract, or `400 BAD_REQUEST`
 * naming the first bad parameter (`details.path`, e.g. `group_by[1]`), as
 * every read route answers.
 */
export function parseQuery<Q>(schema: z.ZodType<Q>, query: unknown): Q {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error);
  throw new DeskpulseError('BAD_REQUEST', `${issue.path}: ${issue.message}`, { ...issue });
}
