import type { StatusCategory } from '../../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../../schemas/ticket-event.ts';
import type { CompiledPolicy, MatchState } from './policy.ts';
import { toSeconds } from './time.ts';

/** One event in timeline order, with the ticket's state after it (docs/sla.md §2). */
export interface TimelineEntry {
  readonly event: TicketEvent;
  /** occurred_at truncated to the whole UTC second. */
  readonly t: number;
  readonly status: string | null;
  readonly category: StatusCategory;
  /** This event carried a status the policy does not know (counted as `open`). */
  readonly unknownStatus: boolean;
  readonly priority: string | null;
  /** Index of the first rule matching the state after this event; -1 when none does. */
  readonly matched: number;
  /** Index of the rule in force (§3 carry-forward and backfill); -1 when there is none. */
  rule: number;
  /** A `commented` event with a public agent comment. */
  readonly publicAgentComment: boolean;
  /** A `commented` event with a public customer comment. */
  readonly publicCustomerComment: boolean;
}

export interface Timeline {
  readonly entries: readonly TimelineEntry[];
  /** Index of the first `created` event; -1 when there is none (no clocks). */
  readonly createdIndex: number;
  /** Index of the first event at or after creation whose category is `closed`; -1 if none. */
  readonly closedIndex: number;
  /** The clocks see events [0, end): the closing event is the last one. */
  readonly end: number;
  /** Index of the first event in [0, end) matching a rule; -1 when none does (no clocks). */
  readonly firstMatch: number;
  /** Copies dropped because a later copy had the same event_id. */
  readonly duplicatesDropped: number;
}

/**
 * Code-point order, which is the byte order of UTF-8 (how ClickHouse compares
 * strings): UTF-16 code units order differently only where a surrogate meets
 * a character from U+E000 up, so those are moved past each other.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** One copy per event_id, the last in input order (the newest copy). */
function dedupe(events: readonly TicketEvent[]): TicketEvent[] {
  const byId = new Map<string, TicketEvent>();
  for (const event of events) {
    // Delete first so a later copy also takes the later position (irrelevant after sorting).
    byId.delete(event.event_id);
    byId.set(event.event_id, event);
  }
  return [...byId.values()];
}

/**
 * Sorted by (occurred_at to the millisecond, `created` first, event_id): the
 * instants are then truncated to the second, so a reply at .100 stays after
 * a creation at .900 of the same second (docs/sla.md §2).
 */
function sortEvents(events: readonly TicketEvent[]): { event: TicketEvent; t: number }[] {
  const keyed = events.map((event) => ({
    event,
    ms: Date.parse(event.occurred_at),
    t: toSeconds(event.occurred_at),
  }));
  keyed.sort((a, b) => {
    if (a.ms !== b.ms) return a.ms - b.ms;
    const aCreated = a.event.type === 'created' ? 0 : 1;
    const bCreated = b.event.type === 'created' ? 0 : 1;
    if (aCreated !== bCreated) return aCreated - bCreated;
    return compareCodePoints(a.event.event_id, b.event.event_id);
  });
  return keyed.map(({ event, t }) => ({ event, t }));
}

const STOPPING: ReadonlySet<StatusCategory> = new Set(['solved', 'closed']);

/** `solved` or `closed`: the categories that stop a clock. */
export function isStopping(category: StatusCategory): boolean {
  return STOPPING.has(category);
}

/**
 * Sort, dedupe and replay a ticket's events: the state, category and rule in
 * force after each one, where the clocks start (`created`) and where they
 * stop looking (`closed`).
 */
export function buildTimeline(events: readonly TicketEvent[], policy: CompiledPolicy): Timeline {
  const unique = dedupe(events);
  const sorted = sortEvents(unique);

  const state: MatchState & { status: string | undefined; attributes: Map<string, string> } = {
    status: undefined,
    priority: undefined,
    queue: undefined,
    channel: undefined,
    organization: undefined,
    attributes: new Map(),
  };
  let category: StatusCategory = 'new';
  let matched = -1;
  let createdIndex = -1;
  let closedIndex = -1;
  const entries: TimelineEntry[] = [];

  for (const [index, { event, t }] of sorted.entries()) {
    let changed = index === 0;
    let unknownStatus = false;
    if (event.status !== undefined) {
      const mapping = policy.mapStatus(event.status);
      state.status = event.status;
      category = mapping.category;
      unknownStatus = !mapping.known;
    }
    for (const field of ['priority', 'queue', 'channel', 'organization'] as const) {
      const value = event[field];
      if (value !== undefined && value !== state[field]) {
        state[field] = value;
        changed = true;
      }
    }
    if (event.attributes !== undefined) {
      for (const [key, value] of Object.entries(event.attributes)) {
        if (state.attributes.get(key) !== value) {
          state.attributes.set(key, value);
          changed = true;
        }
      }
    }
    // The match depends on these fields only, so an unchanged state keeps it.
    if (changed) matched = policy.firstMatch(state);
    if (createdIndex === -1 && event.type === 'created') createdIndex = index;
    if (closedIndex === -1 && createdIndex !== -1 && category === 'closed') closedIndex = index;
    // Only `commented` events are comments: the comment of a `created` event
    // records who opened the ticket (schemas/ticket-event.ts), even on a later
    // `created`, which is otherwise an ordinary update.
    const comment = event.type === 'commented' ? event.comment : undefined;
    entries.push({
      event,
      t,
      status: state.status ?? null,
      category,
      unknownStatus,
      priority: state.priority ?? null,
      matched,
      rule: -1,
      publicAgentComment: comment?.public === true && comment.author_role === 'agent',
      publicCustomerComment: comment?.public === true && comment.author_role === 'customer',
    });
  }

  const end = closedIndex === -1 ? entries.length : closedIndex + 1;
  const firstMatch = fillRules(entries, end);
  return {
    entries,
    createdIndex,
    closedIndex,
    end,
    firstMatch,
    duplicatesDropped: events.length - unique.length,
  };
}

/**
 * §3: the rule in force is the first match at each event; where nothing
 * matches, the last match before stays; before the first match, the first
 * later match applies. Only events the clocks see ([0, end)) count.
 */
function fillRules(entries: TimelineEntry[], end: number): number {
  let firstMatch = -1;
  let last = -1;
  for (let i = 0; i < end; i += 1) {
    const entry = entries[i];
    if (entry === undefined) break;
    if (entry.matched !== -1) {
      if (firstMatch === -1) firstMatch = i;
      last = entry.matched;
    }
    entry.rule = last;
  }
  const first = entries[firstMatch];
  if (first === undefined) return -1;
  for (let i = 0; i < firstMatch; i += 1) {
    const entry = entries[i];
    if (entry !== undefined) entry.rule = first.matched;
  }
  return firstMatch;
}
