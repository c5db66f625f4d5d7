/**
 * fast-check arbitraries for the v1 contracts, built from the schemas' rules
 * (schemas/ticket-event.ts, schemas/telemetry.ts, schemas/limits.ts). Test
 * support only: unit and integration tests import it, production code never.
 */
import fc from 'fast-check';
import { FIELD_LIMITS } from '../../schemas/limits.ts';
import type { EndpointEvent, EndpointSample, Telemetry } from '../../schemas/telemetry.ts';
import { ENDPOINT_EVENT_TYPES } from '../../schemas/telemetry.ts';
import type { TicketEvent, TicketEventType } from '../../schemas/ticket-event.ts';
import {
  CLASSIFICATION_FIELDS,
  COMMENT_AUTHOR_ROLES,
  REQUIRED_FIELD_BY_TYPE,
  TICKET_EVENT_TYPES,
} from '../../schemas/ticket-event.ts';

/** Instants (epoch ms, `to` exclusive) that generated occurred_at values fall in. */
export interface TimestampRange {
  fromMs: number;
  toMs: number;
}

export interface ContractArbitraryOptions {
  /** Default: 2000-01-01 to 2030-01-01 UTC; mind the clock-skew rule when picking `now`. */
  timestamps?: TimestampRange;
}

const DEFAULT_RANGE: TimestampRange = {
  fromMs: Date.UTC(2000, 0, 1),
  toMs: Date.UTC(2030, 0, 1),
};

// Everything but C0 controls and DEL (the schemas forbid those in ids and labels),
// mostly ASCII, and never a lone surrogate.
const safeChar = fc
  .oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0x10ffff }) },
  )
  .map((codePoint) => String.fromCodePoint(codePoint));

const asciiChar = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));

/** Non-empty, no control characters, at most `maxUnits` UTF-16 code units, the limit included. */
function boundedString(maxUnits: number, common: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...common) },
    // A code point takes at most two code units, so half the limit always fits.
    { weight: 4, arbitrary: fc.string({ unit: safeChar, minLength: 1, maxLength: maxUnits / 2 }) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: asciiChar, minLength: maxUnits, maxLength: maxUnits }),
    },
  );
}

const identifier = fc.oneof(
  { weight: 2, arbitrary: fc.uuid() },
  {
    weight: 2,
    arbitrary: boundedString(FIELD_LIMITS.idMaxChars, ['T-1', 'INC0001', 'laptop-042']),
  },
);

const label = boundedString(FIELD_LIMITS.labelMaxChars, [
  'open',
  'pending',
  'solved',
  'P1',
  'high',
  'Service Desk',
  'email',
  'ACME Corp',
  'Windows 11',
]);

const text = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: 'grapheme-ascii',
      minLength: FIELD_LIMITS.textMaxChars,
      maxLength: FIELD_LIMITS.textMaxChars,
    }),
  },
);

// zod's record() silently drops a "__proto__" key, so a generated event holding
// one would not come back as it went in.
const attributeKey = boundedString(FIELD_LIMITS.attributeKeyMaxChars, [
  'site',
  'vip',
  'sla',
]).filter((key) => key !== '__proto__');
const attributeValue = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: 'grapheme-ascii',
      minLength: FIELD_LIMITS.attributeValueMaxChars,
      maxLength: FIELD_LIMITS.attributeValueMaxChars,
    }),
  },
);
const attributes = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.dictionary(attributeKey, attributeValue, { maxKeys: 6, noNullPrototype: true }),
  },
  {
    weight: 1,
    arbitrary: fc.dictionary(attributeKey, fc.string({ maxLength: 4 }), {
      minKeys: FIELD_LIMITS.attributesMaxEntries,
      maxKeys: FIELD_LIMITS.attributesMaxEntries,
      noNullPrototype: true,
    }),
  },
);

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * RFC 3339 timestamps for instants in `range`: `Z` or a ±hh:mm offset, with
 * no fraction or 1 to 9 fractional digits (digits past milliseconds are noise
 * that Date.parse drops, so the instant never leaves the range).
 */
export function timestampArbitrary(range: TimestampRange = DEFAULT_RANGE): fc.Arbitrary<string> {
  return fc
    .record({
      ms: fc.integer({ min: range.fromMs, max: range.toMs - 1 }),
      offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -14 * 60, max: 14 * 60 })),
      zulu: fc.boolean(),
      fractionDigits: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })),
      noise: fc.integer({ min: 0, max: 999_999 }),
    })
    .map(({ ms, offsetMinutes, zulu, fractionDigits, noise }) => {
      const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
      const digits = `${pad(ms % 1000, 3)}${pad(noise, 6)}`.slice(0, fractionDigits);
      const fraction = fractionDigits === 0 ? '' : `.${digits}`;
      if (offsetMinutes === 0 && zulu) return `${local}${fraction}Z`;
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      return `${local}${fraction}${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
    });
}

function ticketEventOfType(
  type: TicketEventType,
  range: TimestampRange,
): fc.Arbitrary<TicketEvent> {
  const model: Record<string, fc.Arbitrary<unknown>> = {
    event_id: identifier,
    ticket_id: identifier,
    type: fc.constant(type),
    occurred_at: timestampArbitrary(range),
    status: label,
    priority: label,
    queue: label,
    channel: label,
    category: label,
    organization: label,
    requester_id: identifier,
    assignee: identifier,
    device_id: identifier,
    attributes,
  };
  if (type === 'commented' || type === 'created') {
    model['comment'] = fc.record({
      author_role: fc.constantFrom(...COMMENT_AUTHOR_ROLES),
      public: fc.boolean(),
    });
  }
  if (type === 'satisfaction') {
    model['satisfaction'] = fc.record(
      { score: fc.integer({ min: 1, max: 5 }), comment: text },
      { requiredKeys: ['score'], noNullPrototype: true },
    );
  }
  const required = ['event_id', 'ticket_id', 'type', 'occurred_at'];
  const extra = REQUIRED_FIELD_BY_TYPE[type];
  if (extra !== undefined) required.push(extra);
  return fc.record(model, { requiredKeys: required, noNullPrototype: true }).map((event) => {
    const needsClassification =
      type === 'attributes_changed' && CLASSIFICATION_FIELDS.every((field) => !(field in event));
    return (needsClassification ? { ...event, queue: 'Service Desk' } : event) as TicketEvent;
  });
}

/** Valid ticket events of every type, with each type's required and allowed fields. */
export function ticketEventArbitrary(
  options: ContractArbitraryOptions = {},
): fc.Arbitrary<TicketEvent> {
  const range = options.timestamps ?? DEFAULT_RANGE;
  return fc.oneof(...TICKET_EVENT_TYPES.map((type) => ticketEventOfType(type, range)));
}

const percent = fc.double({ min: 0, max: 100, noNaN: true });

/** Valid endpoint samples: at least one gauge or inventory field. */
export function endpointSampleArbitrary(
  options: ContractArbitraryOptions = {},
): fc.Arbitrary<EndpointSample> {
  return fc
    .record(
      {
        kind: fc.constant('sample' as const),
        device_id: identifier,
        occurred_at: timestampArbitrary(options.timestamps ?? DEFAULT_RANGE),
        cpu_pct: percent,
        mem_pct: percent,
        disk_free_pct: percent,
        uptime_s: fc.integer({ min: 0, max: FIELD_LIMITS.uptimeMaxSeconds }),
        os: label,
        os_version: label,
        model: label,
        site: label,
        agent_version: label,
      },
      { requiredKeys: ['kind', 'device_id', 'occurred_at'], noNullPrototype: true },
    )
    .map((sample) => (Object.keys(sample).length > 3 ? sample : { ...sample, cpu_pct: 12.5 }));
}

/** Valid endpoint events: `app` where required, boot/shutdown-only fields only there. */
export function endpointEventArbitrary(
  options: ContractArbitraryOptions = {},
): fc.Arbitrary<EndpointEvent> {
  const range = options.timestamps ?? DEFAULT_RANGE;
  return fc.constantFrom(...ENDPOINT_EVENT_TYPES).chain((type) => {
    const needsApp = type === 'app_crash' || type === 'app_hang';
    return fc.record(
      {
        kind: fc.constant('event' as const),
        device_id: identifier,
        occurred_at: timestampArbitrary(range),
        type: fc.constant(type),
        app: label,
        app_version: label,
        code: label,
        ...(type === 'boot'
          ? {
              boot_duration_s: fc.double({
                min: 0,
                max: FIELD_LIMITS.bootDurationMaxSeconds,
                noNaN: true,
              }),
            }
          : {}),
        ...(type === 'shutdown' ? { clean: fc.boolean() } : {}),
      },
      {
        requiredKeys: [
          'kind',
          'device_id',
          'occurred_at',
          'type',
          ...(needsApp ? ['app' as const] : []),
        ],
        noNullPrototype: true,
      },
    );
  });
}

/** Valid telemetry records: samples and endpoint events. */
export function telemetryArbitrary(
  options: ContractArbitraryOptions = {},
): fc.Arbitrary<Telemetry> {
  return fc.oneof(endpointSampleArbitrary(options), endpointEventArbitrary(options));
}
