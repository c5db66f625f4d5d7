import type { AnyValue, Int64, KeyValue } from './proto.ts';

/** OTLP attributes by key. */
export type Attributes = ReadonlyMap<string, AnyValue>;

/**
 * Attributes as a map. OTLP requires unique keys; when a sender breaks that,
 * the first occurrence wins, as in the collector's pdata.
 */
export function attributeMap(list: readonly KeyValue[] | null | undefined): Attributes {
  const map = new Map<string, AnyValue>();
  for (const entry of list ?? []) {
    const key = entry.key ?? '';
    if (key !== '' && !map.has(key) && entry.value != null) map.set(key, entry.value);
  }
  return map;
}

/** An int64 as a bigint; protobufjs's Long and numbers both print as decimals. */
export function int64(value: Int64 | null | undefined): bigint | undefined {
  if (value == null) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  const text = value.toString();
  return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
}

const NANOS_PER_MS = 1_000_000n;

/**
 * Epoch milliseconds of a `*_unix_nano` field, truncated; undefined when the
 * field is unset, which proto3 cannot tell apart from 0.
 */
export function unixNanoToMs(value: Int64 | null | undefined): number | undefined {
  const nanos = int64(value);
  if (nanos === undefined || nanos === 0n) return undefined;
  return Number(nanos / NANOS_PER_MS);
}

/** A scalar attribute as text, or undefined for an empty, array, map or bytes value. */
export function stringAttribute(attributes: Attributes, key: string): string | undefined {
  const value = attributes.get(key);
  if (value === undefined) return undefined;
  if (value.stringValue != null) return value.stringValue === '' ? undefined : value.stringValue;
  if (value.intValue != null) return int64(value.intValue)?.toString();
  if (value.doubleValue != null) return String(value.doubleValue);
  if (value.boolValue != null) return String(value.boolValue);
  return undefined;
}

/** The first of `keys` with a scalar value, and that value as text. */
export function firstStringAttribute(
  attributes: Attributes,
  keys: readonly string[],
): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = stringAttribute(attributes, key);
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

/** A numeric attribute (int or double); text that looks like a number is not one. */
export function numberAttribute(attributes: Attributes, key: string): number | undefined {
  const value = attributes.get(key);
  if (value?.doubleValue != null) return value.doubleValue;
  const whole = int64(value?.intValue);
  return whole === undefined ? undefined : Number(whole);
}

/**
 * A boolean attribute. Scripted agents (PowerShell, shell) often can only send
 * strings, so "true" and "false" count too.
 */
export function booleanAttribute(attributes: Attributes, key: string): boolean | undefined {
  const value = attributes.get(key);
  if (value?.boolValue != null) return value.boolValue;
  const text = value?.stringValue?.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}
