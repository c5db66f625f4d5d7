import { z } from 'zod';
import { INSTANT_PARAMS } from './params.ts';

/*
 * The JSON Schema of a named query's parameters, as the catalogue
 * (`GET /v1/query`) publishes it for query editors: the read route's
 * contract on its input side, widened to what a JSON body may send (lists
 * as arrays, instants as epoch milliseconds, booleans as booleans).
 */

type Json = Record<string, unknown>;

export interface ParamSchemaOptions {
  /** Defaults the named query applies before the contract's own. */
  defaults?: Readonly<Record<string, string>>;
  /** from/to may be left out (the query fills in a default range). */
  optionalRange?: boolean;
}

const isInstant = (name: string): boolean => (INSTANT_PARAMS as readonly string[]).includes(name);

/** The schema under `.optional()` and `.default()` wrappers. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** A comma-separated list parameter (`csvList`): text piped into an array. */
function listItems(schema: z.ZodType): z.ZodType | undefined {
  const inner = unwrapped(schema);
  if (inner instanceof z.ZodPipe && inner.out instanceof z.ZodArray) {
    return inner.out.element as z.ZodType;
  }
  return undefined;
}

/** A `z.stringbool()` parameter: text piped into a boolean. */
function isBoolean(schema: z.ZodType): boolean {
  const inner = unwrapped(schema);
  return inner instanceof z.ZodPipe && inner.out instanceof z.ZodBoolean;
}

function withoutDraft(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return json;
}

function widened(name: string, zod: z.ZodType, property: Json): Json {
  const { description, default: fallback } = property;
  const head: Json = {
    ...(description === undefined ? {} : { description }),
    ...(fallback === undefined ? {} : { default: fallback }),
  };
  if (isInstant(name)) {
    return {
      ...head,
      anyOf: [
        { type: 'string', format: 'date-time' },
        { type: 'integer', description: 'epoch milliseconds' },
      ],
    };
  }
  const items = listItems(zod);
  if (items !== undefined) {
    const item = withoutDraft(items, 'output');
    return { ...head, anyOf: [{ type: 'string' }, { type: 'array', items: item }] };
  }
  if (isBoolean(zod)) return { ...head, type: 'boolean' };
  return property;
}

/** A property with this query's own default, its description saying so. */
function withDefault(property: Json, fallback: string): Json {
  const { description } = property;
  return {
    ...property,
    ...(typeof description === 'string'
      ? { description: description.replace(/\(default[^)]*\)/, `(default ${fallback})`) }
      : {}),
    default: fallback,
  };
}

/** The catalogue's JSON Schema of a contract (a zod object, refined or not). */
export function paramsJsonSchema(schema: z.ZodType, options: ParamSchemaOptions = {}): Json {
  const json = withoutDraft(schema, 'input');
  const shape: Record<string, z.ZodType> = schema instanceof z.ZodObject ? schema.shape : {};
  const properties = (json['properties'] ?? {}) as Record<string, Json>;
  const defaults = options.defaults ?? {};
  const widenedProperties = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => {
      const zod = shape[name];
      const out = zod === undefined ? property : widened(name, zod, property);
      const fallback = defaults[name];
      return [name, fallback === undefined ? out : withDefault(out, fallback)];
    }),
  );
  const { required, ...rest } = json;
  const stillRequired = ((required ?? []) as string[]).filter(
    (name) => !(options.optionalRange === true && isInstant(name)),
  );
  return {
    ...rest,
    properties: widenedProperties,
    ...(stillRequired.length === 0 ? {} : { required: stillRequired }),
  };
}
