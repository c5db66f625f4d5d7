import type { DataFrame, Field } from '@grafana/data';

/** Reads row `i` of one column; missing fields read as null on every row. */
export type Column<T> = (i: number) => T | null;

/**
 * A field's values as an indexable list. The data source may hand over plain
 * arrays (JSON), typed arrays or Arrow vectors (Arrow streams), so none of
 * them is assumed.
 */
export function columnValues(field: Field | undefined): ArrayLike<unknown> {
  const values: unknown = field?.values;
  if (values === undefined || values === null) return [];
  if (Array.isArray(values)) return values as unknown[];
  if (ArrayBuffer.isView(values) && !(values instanceof DataView)) {
    return values as unknown as ArrayLike<unknown>;
  }
  if (typeof values === 'object' && 'toArray' in values && typeof values.toArray === 'function') {
    const vector = values as { toArray: () => unknown };
    return columnValues({ values: vector.toArray() } as Field);
  }
  if (typeof values === 'object' && Symbol.iterator in values) {
    return Array.from(values as Iterable<unknown>);
  }
  return [];
}

export function findField(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((field) => field.name === name);
}

/** Row count; hand-built frames may leave `length` unset. */
export function frameLength(frame: DataFrame): number {
  if (Number.isFinite(frame.length) && frame.length > 0) return frame.length;
  return frame.fields.reduce((max, field) => Math.max(max, columnValues(field).length), 0);
}

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return null;
}

/** Epoch milliseconds from a number, bigint, Date or RFC 3339 string. */
export function toEpochMs(value: unknown): number | null {
  if (value instanceof Date) return toNumber(value.getTime());
  if (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value.trim())) {
    return toNumber(Date.parse(value));
  }
  return toNumber(value);
}

function column<T>(field: Field | undefined, convert: (value: unknown) => T | null): Column<T> {
  if (field === undefined) return () => null;
  const values = columnValues(field);
  return (i) => convert(values[i]);
}

export function numberColumn(frame: DataFrame, name: string): Column<number> {
  return column(findField(frame, name), toNumber);
}

export function textColumn(frame: DataFrame, name: string): Column<string> {
  return column(findField(frame, name), toText);
}

export function timeColumn(frame: DataFrame, name: string): Column<number> {
  return column(findField(frame, name), toEpochMs);
}

export function fieldColumn(field: Field): Column<number> {
  return column(field, toNumber);
}

export function hasFields(frame: DataFrame, names: readonly string[]): boolean {
  return names.every((name) => findField(frame, name) !== undefined);
}

/**
 * The frame answering a named query: by frame name (the query name), then by
 * refId, then the first frame that has the expected fields.
 */
export function pickFrame(
  series: readonly DataFrame[],
  name: string,
  requiredFields: readonly string[],
): DataFrame | undefined {
  return (
    series.find((frame) => frame.name === name) ??
    series.find((frame) => frame.refId === name) ??
    series.find((frame) => hasFields(frame, requiredFields))
  );
}
