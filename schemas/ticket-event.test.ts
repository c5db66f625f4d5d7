import { describe, expect, it } from 'vitest';
import { issueOf as issueOfSchema, type LocatedIssue } from './issues.ts';
import { FIELD_LIMITS } from './limits.ts';
import { ticketEventSchema } from './ticket-event.ts';

const base = {
  event_id: 'ev-1',
  ticket_id: 'T-1',
  type: 'created',
  occurred_at: '2026-03-02T09:15:00+01:00',
} as const;

const issueOf = (value: unknown): LocatedIssue | undefined =>
  issueOfSchema(ticketEventSchema, value);

describe('ticket event v1', () => {
  it('accepts a minimal created event and every optional field', () => {
    expect(issueOf(base)).toBeUndefined();
    expect(
      issueOf({
        ...base,
        status: 'new',
        priority: 'P2',
        queue: 'network',
        channel: 'email',
        category: 'vpn',
        organization: 'Finance',
        requester_id: 'u-9',
        assignee: 'agent-3',
        device_id: 'PC-00012',
        comment: { author_role: 'agent', public: true },
        attributes: { region: 'emea', vip: 'yes' },
      }),
    ).toBeUndefined();
  });

  it.each([
    ['status_changed', 'status', { status: 'pending' }],
    ['priority_changed', 'priority', { priority: 'P1' }],
    ['assigned', 'assignee', { assignee: 'agent-1' }],
    ['commented', 'comment', { comment: { author_role: 'customer', public: true } }],
    ['satisfaction', 'satisfaction', { satisfaction: { score: 5, comment: 'quick' } }],
    ['attributes_changed', 'type', { queue: 'hardware' }],
  ])('type %s requires %s', (type, path, fields) => {
    expect(issueOf({ ...base, type })).toMatchObject({ path });
    expect(issueOf({ ...base, type, ...fields })).toBeUndefined();
  });

  it.each([
    [{ ...base, tenant: 'other' }, 'tenant', 'unknown field'],
    [{ ...base, event_id: '' }, 'event_id', 'must not be empty'],
    [{ ...base, ticket_id: 'x'.repeat(FIELD_LIMITS.idMaxChars + 1) }, 'ticket_id', 'at most 128'],
    [{ ...base, ticket_id: 'a\u0007b' }, 'ticket_id', 'control characters'],
    [{ ...base, type: 'deleted' }, 'type', ''],
    [{ ...base, occurred_at: '2026-03-02 09:15:00' }, 'occurred_at', 'RFC 3339'],
    [{ ...base, occurred_at: '2026-03-02T09:15:00' }, 'occurred_at', 'offset'],
    [{ ...base, occurred_at: '2026-02-30T09:15:00Z' }, 'occurred_at', 'RFC 3339'],
    [{ ...base, occurred_at: '1970-01-01T00:00:00Z' }, 'occurred_at', 'between 1990'],
    [{ ...base, occurred_at: '2150-01-01T00:00:00Z' }, 'occurred_at', 'between 1990'],
    [{ ...base, occurred_at: 1772441700 }, 'occurred_at', ''],
    [{ ...base, priority: 'p'.repeat(FIELD_LIMITS.labelMaxChars + 1) }, 'priority', 'at most 256'],
    [
      { ...base, type: 'commented', comment: { author_role: 'bot', public: true } },
      'comment.author_role',
      '',
    ],
    [{ ...base, type: 'commented', comment: { author_role: 'agent' } }, 'comment.public', ''],
    [
      { ...base, type: 'commented', comment: { author_role: 'agent', public: true, body: 'x' } },
      'comment.body',
      'unknown field',
    ],
    [
      { ...base, type: 'satisfaction', satisfaction: { score: 6 } },
      'satisfaction.score',
      'between 1 and 5',
    ],
    [{ ...base, type: 'satisfaction', satisfaction: { score: 4.5 } }, 'satisfaction.score', 'int'],
    [
      { ...base, type: 'satisfaction', satisfaction: { score: 4, comment: 'x'.repeat(4001) } },
      'satisfaction.comment',
      'at most 4000',
    ],
    [{ ...base, satisfaction: { score: 4 } }, 'satisfaction', 'only allowed'],
    [
      {
        ...base,
        type: 'status_changed',
        status: 'open',
        comment: { author_role: 'agent', public: true },
      },
      'comment',
      'only allowed',
    ],
    [{ ...base, attributes: { '': 'x' } }, 'attributes[""]', 'must not be empty'],
    [{ ...base, attributes: { k: 'v'.repeat(1025) } }, 'attributes.k', 'at most 1024'],
    [{ ...base, attributes: { k: 1 } }, 'attributes.k', ''],
    [
      {
        ...base,
        attributes: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])),
      },
      'attributes',
      'at most 64',
    ],
  ])('rejects a bad value at %# (%s)', (value, path, message) => {
    const issue = issueOf(value);
    expect(issue?.path).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('refuses an attribute named __proto__ rather than dropping it', () => {
    const value: unknown = JSON.parse(
      `{"attributes":{"__proto__":"x","a":"b"},${JSON.stringify(base).slice(1)}`,
    );
    expect(issueOf(value)).toEqual({
      path: 'attributes.__proto__',
      message: 'is not allowed as an attribute name',
    });
  });

  it('keeps the timestamp exactly as sent, offset included', () => {
    const parsed = ticketEventSchema.parse({
      ...base,
      occurred_at: '2026-03-29T01:59:59.999+01:00',
    });
    expect(parsed.occurred_at).toBe('2026-03-29T01:59:59.999+01:00');
  });
});
