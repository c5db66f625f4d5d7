/*
 * Reading the catalogue's JSON Schema of a query's parameters: what kind of input a
 * parameter needs and which values it allows. Pure, shared by the query editor and the
 * request builder.
 */
import type { CatalogueEntry, ParamSchema } from './types';

export type ParamKind = 'enum' | 'multi' | 'list' | 'number' | 'boolean' | 'text';

/** Parameters whose value 'auto' the data source turns into a bucket size. */
export const BUCKET_PARAMS: readonly string[] = ['interval', 'bucket'];
export const AUTO_BUCKET = 'auto';
/** The time range parameters a range query takes from the panel. */
export const RANGE_PARAMS: readonly string[] = ['from', 'to'];

function types(schema: ParamSchema): string[] {
  if (schema.type === undefined) {
    return [];
  }
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** The branches of a schema: itself, or those of its anyOf/oneOf. */
function branches(schema: ParamSchema): ParamSchema[] {
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  return alternatives.length > 0 ? alternatives.flatMap(branches) : [schema];
}

function enumValues(schema: ParamSchema): string[] {
  return (schema.enum ?? [])
    .filter(
      (value): value is string | number => typeof value === 'string' || typeof value === 'number',
    )
    .map(String);
}

/** The kind of input a parameter needs; lists win over single values when both are allowed. */
export function paramKind(schema: ParamSchema): ParamKind {
  const all = branches(schema);
  const list = all.find((branch) => types(branch).includes('array'));
  if (list !== undefined) {
    return list.items !== undefined && enumValues(list.items).length > 0 ? 'multi' : 'list';
  }
  if (all.some((branch) => enumValues(branch).length > 0)) {
    return 'enum';
  }
  const kinds = all.flatMap(types);
  if (kinds.includes('boolean')) {
    return 'boolean';
  }
  if (kinds.includes('number') || kinds.includes('integer')) {
    return 'number';
  }
  return 'text';
}

/** The values a parameter may take (enum, or the enum of its list items), in schema order. */
export function allowedValues(schema: ParamSchema): string[] {
  const values = branches(schema).flatMap((branch) => [
    ...enumValues(branch),
    ...(branch.items === undefined ? [] : enumValues(branch.items)),
  ]);
  return [...new Set(values)];
}

/** The parameters a query's form shows: all but from/to of a range query. */
export function editableParams(entry: CatalogueEntry): Array<[string, ParamSchema]> {
  return Object.entries(entry.params.properties ?? {}).filter(
    ([name]) => !(entry.range && RANGE_PARAMS.includes(name)),
  );
}
