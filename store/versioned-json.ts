import { createHash } from 'node:crypto';

/*
 * What the versioned documents (SLA policies, SLO definitions) share: a
 * canonical form to compare versions by, and ClickHouse's timestamps back
 * in the API's format.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value as canonical JSON: object keys sorted at every level, so the same
 * document has the same checksum however its maps were ordered. Arrays keep
 * their order (rules and SLOs are answered in it).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isPlainObject(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** SHA-256 of the canonical JSON, in hex. */
export function checksumOf(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex');
}

/** ClickHouse prints DateTime64(3, 'UTC') as "2026-03-02 09:00:00.000". */
export function rfc3339(value: string): string {
  return `${value.replace(' ', 'T')}Z`;
}
