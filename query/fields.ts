import { z } from 'zod';
import type { CatalogueField, FieldType } from '../schemas/query.ts';

/** A frame field as a named query declares it. */
export interface FieldSpec extends CatalogueField {
  /** Present only for some parameters (a group-by column, a bucket). */
  optional: boolean;
}

export interface FieldOptions {
  /** String fields holding RFC 3339 instants: they become time fields (epoch ms). */
  time?: readonly string[];
  /** Units where the naming rules (unitOf) do not say it. */
  units?: Readonly<Record<string, string>>;
}

/**
 * The Grafana unit a field's name implies: `*_pct` and `pct_*` are
 * percentages (0–100), `*_s` and `seconds_*` seconds, `*_hours` and
 * `hours_*` hours.
 */
export function unitOf(name: string): string | undefined {
  if (name.endsWith('_pct') || name.startsWith('pct_')) return 'percent';
  if (name.endsWith('_s') || name.startsWith('seconds_')) return 's';
  if (name.endsWith('_hours') || name.startsWith('hours_')) return 'h';
  return undefined;
}

type JsonProperty = Record<string, unknown>;

/** The non-null JSON types a property allows (`type`, a list of types, or `anyOf`). */
function jsonTypes(property: JsonProperty): string[] {
  const { type, anyOf } = property;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  if (Array.isArray(anyOf)) return (anyOf as JsonProperty[]).flatMap(jsonTypes);
  return [];
}

function fieldTypeOf(name: string, property: JsonProperty, time: readonly string[]): FieldType {
  const types = new Set(jsonTypes(property).filter((t) => t !== 'null'));
  if (types.size === 1) {
    if (types.has('number') || types.has('integer')) return 'number';
    if (types.has('boolean')) return 'boolean';
    if (types.has('string')) return time.includes(name) ? 'time' : 'string';
  }
  if (types.size === 2 && types.has('number') && types.has('integer')) return 'number';
  // A programming error in a registry entry, caught by its unit test.
  throw new Error(`field ${name} has no frame type (JSON types: ${[...types].join(', ')})`);
}

/**
 * The frame fields of a row contract, in its order: the JSON Schema of the
 * row's output gives each field's type and whether it is always present.
 */
export function fieldsOf(row: z.ZodObject, options: FieldOptions = {}): FieldSpec[] {
  const json = z.toJSONSchema(row, { io: 'output' });
  const properties = (json.properties ?? {}) as Record<string, JsonProperty>;
  const required = new Set(json.required ?? []);
  const time = options.time ?? [];
  return Object.entries(properties).map(([name, property]) => {
    const unit = options.units?.[name] ?? unitOf(name);
    return {
      name,
      type: fieldTypeOf(name, property, time),
      ...(unit === undefined ? {} : { unit }),
      optional: !required.has(name),
    };
  });
}

/** The fields a frame holds: every required one, and the optional ones named present. */
export function presentFields(
  fields: readonly FieldSpec[],
  present: readonly string[],
): FieldSpec[] {
  return fields.filter((field) => !field.optional || present.includes(field.name));
}
