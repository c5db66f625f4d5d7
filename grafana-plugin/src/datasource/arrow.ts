/*
 * An Arrow IPC stream from POST /v1/query as a Grafana DataFrame, column by column:
 * numbers and times come out of Arrow's typed arrays in one bulk copy each, and only the
 * null slots are patched afterwards, so no row objects are ever built.
 */
import { FieldType } from '@grafana/data';
import type { DataFrame, Field, FieldConfig, QueryResultMeta } from '@grafana/data';
import { DataType, tableFromIPC } from 'apache-arrow';
import type { Data, Table, Vector } from 'apache-arrow';

import { asBytes } from './bytes';

type Cell = number | string | boolean | null;

function fieldType(type: DataType): FieldType {
  if (DataType.isTimestamp(type) || DataType.isDate(type)) {
    return FieldType.time;
  }
  if (DataType.isFloat(type) || DataType.isInt(type) || DataType.isDecimal(type)) {
    return FieldType.number;
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
    return FieldType.string;
  }
  return DataType.isBool(type) ? FieldType.boolean : FieldType.other;
}

/** Sets the slots the validity bitmaps of the vector's chunks mark as null. */
function patchNulls(values: Cell[], vector: Vector): void {
  let offset = 0;
  for (const chunk of vector.data as Array<Data>) {
    const bitmap = chunk.nullBitmap;
    if (chunk.nullCount > 0 && bitmap.length > 0) {
      for (let i = 0; i < chunk.length; i++) {
        const bit = chunk.offset + i;
        if (((bitmap[bit >> 3] ?? 0) & (1 << (bit & 7))) === 0) {
          values[offset + i] = null;
        }
      }
    }
    offset += chunk.length;
  }
}

/** Numbers (and epoch-millisecond times, stored as 64-bit integers) in one pass. */
function numericValues(vector: Vector): Cell[] {
  const typed = vector.toArray() as ArrayLike<number | bigint>;
  const values: Cell[] =
    typed instanceof BigInt64Array || typed instanceof BigUint64Array
      ? Array.from(typed, Number)
      : Array.from(typed as ArrayLike<number>);
  if (vector.nullCount > 0) {
    patchNulls(values, vector);
  }
  return values;
}

function columnValues(vector: Vector, type: FieldType): Cell[] {
  if (type === FieldType.number || type === FieldType.time) {
    return numericValues(vector);
  }
  // Strings and booleans decode value by value in Arrow itself; nulls come out as null.
  return Array.from(vector.toArray() as ArrayLike<Cell>);
}

/** JSON-encoded metadata; absent or malformed reads as no metadata. */
function parseObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === '') {
    return {};
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function frameMeta(metadata: Map<string, string>): QueryResultMeta {
  const meta = parseObject(metadata.get('meta')) as QueryResultMeta;
  const asOf = metadata.get('as_of');
  return asOf === undefined ? meta : { ...meta, custom: { as_of: asOf, ...meta.custom } };
}

export function tableToDataFrame(table: Table): DataFrame {
  const fields: Field[] = table.schema.fields.map((arrowField, index) => {
    const type = fieldType(arrowField.type as DataType);
    const vector = table.getChildAt(index);
    return {
      name: arrowField.name,
      type,
      config: parseObject(arrowField.metadata.get('config')) as FieldConfig,
      values: vector === null ? [] : columnValues(vector, type),
    };
  });
  const metadata = table.schema.metadata;
  return {
    name: metadata.get('name'),
    refId: metadata.get('refId'),
    meta: frameMeta(metadata),
    fields,
    length: table.numRows,
  };
}

/** Decodes an Arrow IPC stream (or file) into one DataFrame. */
export function arrowToDataFrame(buffer: unknown): DataFrame {
  const bytes = asBytes(buffer);
  if (bytes === undefined) {
    throw new Error('the Arrow answer is not binary');
  }
  return tableToDataFrame(tableFromIPC(bytes));
}
