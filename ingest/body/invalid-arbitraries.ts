/**
 * fast-check arbitraries for NDJSON lines the ticket route must reject: random
 * text, random JSON, and valid events broken in exactly one way. Test support
 * only, like arbitraries.ts.
 */
import fc from 'fast-check';
import { FIELD_LIMITS } from '../../schemas/limits.ts';
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { CLASSIFICATION_FIELDS, TICKET_EVENT_TYPES } from '../../schemas/ticket-event.ts';
import { ticketEventArbitrary } from './arbitraries.ts';
import type { ContractArbitraryOptions } from './arbitraries.ts';

type Mutable = Record<string, unknown>;

const TICKET_FIELDS = new Set([
  'event_id',
  'ticket_id',
  'type',
  'occurred_at',
  'status',
  'priority',
  'queue',
  'channel',
  'category',
  'organization',
  'requester_id',
  'assignee',
  'device_id',
  'comment',
  'satisfaction',
  'attributes',
]);
const OBJECT_FIELDS = new Set(['comment', 'satisfaction', 'attributes']);
const LABEL_FIELDS = ['status', 'priority', 'queue', 'channel', 'category', 'organization'];
const ID_FIELDS = ['event_id', 'ticket_id', 'requester_id', 'assignee', 'device_id'];

function withField(event: TicketEvent, field: string, value: unknown): Mutable {
  // A computed key defines an own property even for "__proto__".
  return { ...event, [field]: value };
}

function without(event: TicketEvent, ...fields: string[]): Mutable {
  const copy: Mutable = { ...event };
  for (const field of fields) copy[field] = undefined; // JSON.stringify drops it
  return copy;
}

const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
);
const notAnObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
);

function wrongType(event: TicketEvent): fc.Arbitrary<Mutable> {
  return fc
    .constantFrom(...Object.keys(event))
    .chain((field) =>
      (OBJECT_FIELDS.has(field) ? notAnObject : notAString).map((value) =>
        withField(event, field, value),
      ),
    );
}

function unknownField(event: TicketEvent): fc.Arbitrary<Mutable> {
  const name = fc.oneof(
    fc.constantFrom('tenant', '__proto__', 'constructor', 'eventId', 'Type', ''),
    fc.string({ maxLength: 20 }).filter((key) => !TICKET_FIELDS.has(key)),
  );
  return fc.tuple(name, fc.jsonValue()).map(([key, value]) => withField(event, key, value));
}

const badIdentifier = fc.constantFrom(
  '',
  'x'.repeat(FIELD_LIMITS.idMaxChars + 1),
  'a\u0000b',
  'tab\there',
);
const badLabel = fc.constantFrom('', 'x'.repeat(FIELD_LIMITS.labelMaxChars + 1), 'del\u007f');
const badTimestamp = fc.constantFrom(
  '1989-12-31T23:59:59Z',
  '2100-01-01T00:00:00Z',
  '2026-03-02T10:00:00',
  '2026-03-02',
  '2026-02-30T10:00:00Z',
  '2026-03-02T10:00:00+0100',
  '2026-03-02 10:00:00Z',
  'yesterday',
);
const badAttributes = fc.constantFrom<unknown>(
  { '': 'empty name' },
  { long: 'x'.repeat(FIELD_LIMITS.attributeValueMaxChars + 1) },
  { ['k'.repeat(FIELD_LIMITS.attributeKeyMaxChars + 1)]: 'v' },
  { nested: { a: 'b' } },
  Object.fromEntries(
    Array.from({ length: FIELD_LIMITS.attributesMaxEntries + 1 }, (_, i) => [`k${i}`, 'v']),
  ),
);

function outOfRange(event: TicketEvent): fc.Arbitrary<Mutable> {
  const field = (names: string[], values: fc.Arbitrary<unknown>): fc.Arbitrary<Mutable> =>
    fc
      .tuple(fc.constantFrom(...names), values)
      .map(([name, value]) => withField(event, name, value));
  const base = without(event, 'comment', 'satisfaction');
  return fc.oneof(
    field(ID_FIELDS, badIdentifier),
    field(LABEL_FIELDS, badLabel),
    field(['occurred_at'], badTimestamp),
    field(['attributes'], badAttributes),
    field(
      ['type'],
      fc.string().filter((type) => !(TICKET_EVENT_TYPES as readonly string[]).includes(type)),
    ),
    fc
      .constantFrom(0, 6, 2.5, -1, 1e9)
      .map((score) => ({ ...base, type: 'satisfaction', satisfaction: { score } })),
    fc.constant({
      ...base,
      type: 'satisfaction',
      satisfaction: { score: 3, comment: 'x'.repeat(FIELD_LIMITS.textMaxChars + 1) },
    }),
    fc.constant({ ...base, type: 'commented', comment: { author_role: 'robot', public: true } }),
    fc.constant({ ...base, type: 'commented', comment: { author_role: 'agent' } }),
  );
}

function brokenTypeRule(event: TicketEvent): fc.Arbitrary<Mutable> {
  const base = without(event, 'comment', 'satisfaction');
  return fc.constantFrom<Mutable>(
    { ...without(event, 'status'), type: 'status_changed' },
    { ...without(event, 'priority'), type: 'priority_changed' },
    { ...without(event, 'assignee'), type: 'assigned' },
    { ...without(event, 'comment', 'satisfaction'), type: 'commented' },
    { ...without(event, 'satisfaction', 'comment'), type: 'satisfaction' },
    { ...without(event, ...CLASSIFICATION_FIELDS), type: 'attributes_changed' },
    {
      ...base,
      type: 'assigned',
      assignee: 'agent-1',
      comment: { author_role: 'agent', public: true },
    },
    { ...base, type: 'created', satisfaction: { score: 3 } },
  );
}

function missingRequired(event: TicketEvent): fc.Arbitrary<Mutable> {
  return fc
    .constantFrom('event_id', 'ticket_id', 'type', 'occurred_at')
    .map((field) => without(event, field));
}

/** Lines of text that are neither blank nor contain a line break. */
const randomText = fc
  .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), fc.string({ minLength: 1 }))
  .filter((line) => !line.includes('\n') && !/^[ \t\r]*$/.test(line));

export interface InvalidLineOptions extends ContractArbitraryOptions {
  /** When given, also generate events dated a day after `now` (assumes skew tolerance < 1 day). */
  now?: number;
}

/** Non-blank NDJSON lines (no line break) that the ticket route must reject. */
export function invalidTicketLineArbitrary(options: InvalidLineOptions = {}): fc.Arbitrary<string> {
  const valid = ticketEventArbitrary(options);
  const broken = [
    valid.chain(wrongType),
    valid.chain(unknownField),
    valid.chain(outOfRange),
    valid.chain(brokenTypeRule),
    valid.chain(missingRequired),
  ];
  const { now } = options;
  if (now !== undefined) {
    const future = new Date(now + 86_400_000).toISOString();
    broken.push(valid.map((event) => withField(event, 'occurred_at', future)));
  }
  return fc.oneof(
    randomText,
    fc.jsonValue().map((value) => JSON.stringify(value)),
    ...broken.map((arbitrary) => arbitrary.map((event) => JSON.stringify(event))),
  );
}
