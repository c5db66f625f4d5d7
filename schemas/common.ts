import { z } from 'zod';
import { FIELD_LIMITS } from './limits.ts';

// Control characters inside identifiers break logs, CSV exports and terminals.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;

const EARLIEST_MS = Date.parse(FIELD_LIMITS.earliestTimestamp);
const LATEST_MS = Date.parse(FIELD_LIMITS.latestTimestamp);

/** A non-empty identifier such as an event_id, ticket_id or device_id. */
export const identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(FIELD_LIMITS.idMaxChars, `must be at most ${FIELD_LIMITS.idMaxChars} characters`)
  .regex(NO_CONTROL_CHARS, 'must not contain control characters');

/** A short, non-empty label such as a status, priority, queue or model name. */
export const label = z
  .string()
  .min(1, 'must not be empty')
  .max(FIELD_LIMITS.labelMaxChars, `must be at most ${FIELD_LIMITS.labelMaxChars} characters`)
  .regex(NO_CONTROL_CHARS, 'must not contain control characters');

/** Free text (newlines allowed). */
export const text = z
  .string()
  .max(FIELD_LIMITS.textMaxChars, `must be at most ${FIELD_LIMITS.textMaxChars} characters`);

/**
 * An RFC 3339 timestamp with an explicit offset (`Z` or `±hh:mm`), inside the
 * accepted range. Kept as the string the client sent; storage normalises to UTC.
 */
export const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 timestamp with an offset' })
  .refine(
    (value) => {
      const ms = Date.parse(value);
      return Number.isFinite(ms) && ms >= EARLIEST_MS && ms < LATEST_MS;
    },
    {
      message: `must be a real instant between ${FIELD_LIMITS.earliestTimestamp} and ${FIELD_LIMITS.latestTimestamp}`,
    },
  );

/** Free-form string map; the only place unknown keys are welcome. */
const attributeMap = z
  .record(
    z
      .string()
      .min(1, 'attribute names must not be empty')
      .max(FIELD_LIMITS.attributeKeyMaxChars, 'attribute name too long')
      .regex(NO_CONTROL_CHARS, 'attribute names must not contain control characters'),
    z
      .string()
      .max(
        FIELD_LIMITS.attributeValueMaxChars,
        `attribute values must be at most ${FIELD_LIMITS.attributeValueMaxChars} characters`,
      ),
  )
  .refine((map) => Object.keys(map).length <= FIELD_LIMITS.attributesMaxEntries, {
    message: `must have at most ${FIELD_LIMITS.attributesMaxEntries} entries`,
  });

/** A percentage gauge, 0–100 inclusive. */
export const percent = z
  .number()
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100');

/**
 * Attributes, refusing the one name JSON.parse keeps but a record silently
 * drops (`__proto__`): an accepted attribute must never vanish.
 */
export const attributes = z.preprocess((value, ctx) => {
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
    ctx.addIssue({
      code: 'custom',
      path: ['__proto__'],
      message: 'is not allowed as an attribute name',
    });
  }
  return value;
}, attributeMap);
