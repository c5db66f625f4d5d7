/**
 * Realistic ticket timelines, one ticket at a time, deterministic from
 * (seed, ticket index): the loader, the reference pass and --verify all call
 * `ticketEvents` and get the same events, so nothing has to be kept.
 *
 * A life: created (customer, or logged by an agent from a phone call) →
 * assigned → first agent reply → a few rounds (questions, waiting for the
 * customer, waiting for a vendor, internal notes, a queue transfer or a
 * priority change now and then) → solved → sometimes reopened and solved
 * again → a satisfaction rating sometimes → closed days later. About 3 % of
 * tickets are still open at the end of the year.
 */
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import {
  CHANNELS,
  DAY_MS,
  END_MS,
  HOUR_MS,
  MINUTE_MS,
  OPEN_SHARE,
  ORGANIZATIONS,
  PRIORITIES,
  QUEUES,
  REPLY_MEAN_MS,
  ROUNDS,
  SCORES,
  SPAN_MS,
  STATUS,
} from './desk.ts';
import { delayMs, pick, streamOf, weighted, type Random } from './random.ts';

export interface GeneratedTicket {
  events: TicketEvent[];
  /** No solve or close among the kept events' final state. */
  open: boolean;
}

type Extra = Omit<TicketEvent, 'event_id' | 'ticket_id' | 'type' | 'occurred_at'>;

export function ticketId(index: number): string {
  return `T${String(index).padStart(7, '0')}`;
}

interface Draft {
  at: number;
  order: number;
  type: TicketEvent['type'];
  extra: Extra;
}

/** Builds one ticket's events; they become TicketEvents only once sorted and cut. */
class Life {
  readonly drafts: Draft[] = [];
  at: number;

  constructor(
    readonly id: string,
    readonly random: Random,
    createdMs: number,
    readonly horizonMs: number,
  ) {
    this.at = createdMs;
  }

  add(type: TicketEvent['type'], extra: Extra = {}): void {
    this.drafts.push({ at: this.at, order: this.drafts.length, type, extra });
  }

  wait(meanMs: number): void {
    this.at += delayMs(this.random, meanMs);
  }

  comment(role: 'agent' | 'customer', status?: string, isPublic = true): void {
    this.add('commented', {
      comment: { author_role: role, public: isPublic },
      ...(status === undefined ? {} : { status }),
    });
  }

  /** The event ids keep the generation order, whatever the time order. */
  event(draft: Draft): TicketEvent {
    return {
      event_id: `${this.id}-${String(draft.order)}`,
      ticket_id: this.id,
      type: draft.type,
      occurred_at: new Date(draft.at).toISOString(),
      ...draft.extra,
    };
  }
}

function open(life: Life, priority: string): void {
  const { random } = life;
  const loggedByAgent = random() < 0.1;
  life.add('created', {
    status: STATUS.new,
    priority,
    queue: pick(random, QUEUES),
    channel: loggedByAgent ? 'phone' : pick(random, CHANNELS),
    organization: pick(random, ORGANIZATIONS),
    requester_id: `U${String(Math.floor(random() * 50_000))}`,
    comment: { author_role: loggedByAgent ? 'agent' : 'customer', public: true },
  });
  // An agent-logged ticket's first_response starts with the customer's first message.
  if (loggedByAgent) {
    life.wait(30 * MINUTE_MS);
    life.comment('customer');
  }
  if (random() < 0.85) {
    life.wait(REPLY_MEAN_MS[priority] ?? HOUR_MS);
    life.add('assigned', {
      assignee: `agent-${String(Math.floor(random() * 120))}`,
      status: STATUS.assigned,
    });
  }
}

function round(life: Life, replyMs: number): void {
  const { random } = life;
  const kind = weighted(random, [
    ['pending', 45],
    ['question', 35],
    ['on_hold', 10],
    ['internal', 10],
  ] as const);
  if (kind === 'pending') {
    // The agent asks and waits; the customer's answer reopens the ticket.
    life.comment('agent', STATUS.pending);
    life.wait(10 * HOUR_MS);
    life.comment('customer', STATUS.open);
  } else if (kind === 'question') {
    life.comment('customer');
  } else if (kind === 'on_hold') {
    life.add('status_changed', { status: STATUS.onHold });
    life.wait(2 * DAY_MS);
    life.add('status_changed', { status: STATUS.open });
  } else {
    life.comment('agent', undefined, false);
    return;
  }
  life.wait(replyMs);
  if (kind !== 'pending') life.comment('agent');
}

function work(life: Life, priority: string): void {
  const { random } = life;
  const replyMs = REPLY_MEAN_MS[priority] ?? HOUR_MS;
  life.wait(replyMs);
  life.comment('agent', STATUS.open);
  const rounds = weighted(random, ROUNDS);
  for (let i = 0; i < rounds; i += 1) {
    life.wait(6 * HOUR_MS);
    round(life, replyMs);
  }
  if (random() < 0.08) {
    life.wait(HOUR_MS);
    life.add('priority_changed', { priority: pick(random, ['P1', 'P2', 'P3', 'P4']) });
  }
  if (random() < 0.06) {
    life.wait(HOUR_MS);
    life.add('attributes_changed', { queue: pick(random, QUEUES) });
  }
}

function solve(life: Life): void {
  life.wait(life.random() < 0.5 ? 4 * HOUR_MS : DAY_MS);
  // Most solves are an agent's final public answer; the rest a bare status change.
  if (life.random() < 0.6) life.comment('agent', STATUS.solved);
  else life.add('status_changed', { status: STATUS.solved });
}

function finish(life: Life): void {
  const { random } = life;
  solve(life);
  if (random() < 0.07) {
    life.wait(DAY_MS);
    life.comment('customer', STATUS.open);
    life.wait(4 * HOUR_MS);
    life.comment('agent');
    solve(life);
  }
  const solvedAt = life.at;
  if (random() < 0.95) {
    life.at = solvedAt + 3 * DAY_MS + delayMs(random, DAY_MS);
    life.add('status_changed', { status: STATUS.closed });
  }
  if (random() < 0.25) {
    // Ratings arrive in their own time, often after the ticket was closed.
    life.at = solvedAt + delayMs(random, 2 * DAY_MS);
    life.add('satisfaction', { satisfaction: { score: weighted(random, SCORES) } });
  }
}

/** Keeps the events before the horizon; a flagged ticket also stops before its first solve. */
function cut(life: Life, stayOpen: boolean): GeneratedTicket {
  // Ratings are placed after the fact, so the drafts are put in time order first.
  let kept = life.drafts.sort((a, b) => a.at - b.at).filter((d) => d.at < life.horizonMs);
  if (stayOpen) {
    const solved = kept.findIndex((d) => d.extra.status === STATUS.solved);
    const limit = solved < 0 ? kept.length : solved;
    kept = kept.slice(0, 1 + Math.floor(life.random() * limit));
  }
  let status: string | undefined;
  for (const draft of kept) status = draft.extra.status ?? status;
  return {
    events: kept.map((draft) => life.event(draft)),
    open: status !== STATUS.solved && status !== STATUS.closed,
  };
}

export interface TicketOptions {
  /** Tickets in the loaded year: creation instants are spread evenly over it. */
  tickets: number;
  /** Creation instant for tickets outside the year (the increment's new tickets). */
  createdMs?: number;
  /** Events at or after this instant have not happened yet. */
  horizonMs?: number;
}

/**
 * Ticket `index`'s events. Creation instants grow with the index (with
 * jitter), so each insert chunk lands in one or two monthly partitions.
 */
export function ticketEvents(seed: number, index: number, options: TicketOptions): GeneratedTicket {
  const random = streamOf(seed, index);
  const stayOpen = random() < OPEN_SHARE;
  const step = SPAN_MS / options.tickets;
  let createdMs = options.createdMs ?? END_MS - SPAN_MS + Math.floor((index + random()) * step);
  // Most of the backlog is recent; a few forgotten tickets stay open for months.
  if (stayOpen && options.createdMs === undefined && random() < 0.8)
    createdMs = END_MS - Math.floor(random() * 45 * DAY_MS);
  const life = new Life(ticketId(index), random, createdMs, options.horizonMs ?? END_MS);
  const priority = weighted(random, PRIORITIES);
  open(life, priority);
  work(life, priority);
  finish(life);
  return cut(life, stayOpen);
}
