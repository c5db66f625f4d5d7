import type { DataFrame, FieldType, FrameCell, FrameField } from '../schemas/query.ts';
import type { FieldSpec } from './fields.ts';

/** One cell of a row as its field type wants it; anything else (or missing) is null. */
function cellOf(value: unknown, type: FieldType): FrameCell {
  switch (type) {
    case 'time': {
      // Instants arrive as RFC 3339 text; frames carry epoch milliseconds.
      if (typeof value === 'number') return value;
      const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(ms) ? null : ms;
    }
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
  }
}

function frameFieldOf(spec: FieldSpec): FrameField {
  return {
    name: spec.name,
    type: spec.type,
    ...(spec.unit === undefined ? {} : { config: { unit: spec.unit } }),
  };
}

/**
 * A long data frame (Grafana DataFrameJSON) of `rows`: one column per
 * field, in the fields' order. `custom` goes to `schema.meta.custom`.
 */
export function buildFrame(
  name: string,
  fields: readonly FieldSpec[],
  rows: readonly object[],
  custom?: Readonly<Record<string, unknown>>,
): DataFrame {
  const values = fields.map((field) =>
    rows.map((row) => cellOf((row as Record<string, unknown>)[field.name], field.type)),
  );
  return {
    schema: {
      name,
      fields: fields.map(frameFieldOf),
      ...(custom === undefined ? {} : { meta: { custom: { ...custom } } }),
    },
    data: { values },
  };
}

/** The frame answered to one request: the same data, labelled with the request's refId. */
export function withRefId(frame: DataFrame, refId: string | undefined): DataFrame {
  if (refId === undefined) return frame;
  return { ...frame, schema: { ...frame.schema, refId } };
}
