import { DeskpulseError } from '../schemas/errors.ts';
import type { CatalogueResponse } from '../schemas/query.ts';
import type { NamedQuery } from './definition.ts';
import { RELIABILITY_QUERIES } from './queries/reliability.ts';
import { SLA_QUERIES } from './queries/sla.ts';
import { SLO_QUERIES } from './queries/slo.ts';
import { VARIABLE_QUERIES } from './queries/variables.ts';

/** Every named query, in catalogue order. */
export const NAMED_QUERIES: readonly NamedQuery[] = [
  ...SLA_QUERIES,
  ...RELIABILITY_QUERIES,
  ...SLO_QUERIES,
  ...VARIABLE_QUERIES,
];

export const QUERY_NAMES: readonly string[] = NAMED_QUERIES.map((query) => query.name);

const BY_NAME = new Map(NAMED_QUERIES.map((query) => [query.name, query]));

/** The query of that name, or `400 UNKNOWN_QUERY` listing the known ones. */
export function namedQuery(name: string): NamedQuery {
  const query = BY_NAME.get(name);
  if (query !== undefined) return query;
  throw new DeskpulseError(
    'UNKNOWN_QUERY',
    `no named query ${JSON.stringify(name)}; GET /v1/query lists them`,
    { known: [...QUERY_NAMES] },
  );
}

/** `GET /v1/query`: what each query takes and answers. */
export function catalogue(): CatalogueResponse {
  return { queries: NAMED_QUERIES.map((query) => query.catalogue) };
}
