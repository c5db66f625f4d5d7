/**
 * One ticket's whole life, decided at creation: the simulator then releases
 * the events as the clock reaches them. Delays are lognormal (a few slow
 * tickets dominate any real desk's SLA misses); P3/P4 work only moves in
 * business hours while P1/P2 are worked around the clock by on-call staff.
 */
import type { TicketEvent } from '../../schemas/ticket-event.ts';
import { addBusinessTime, DAY_MS, HOUR_MS, MINUTE_MS } from './calendar.ts';
import { DEMO_APP_NAMES } from './device-day.ts';
import {
  CATEGORIES,
  CHANNEL_WEIGHTS,
  DEVICE_QUEUES,
  PRIORITY_WEIGHTS,
  QUEUE_WEIGHTS,
  SATISFACTION_COMMENTS,
  SATISFACTION_WEIGHTS,
} from './catalog.ts';
import type { AgentRoster, Priority, Queue } from './catalog.ts';
import type { Device, Fleet, User } from './fleet.ts';
import { at } from './random.ts';
import type { Rng } from './random.ts';

/** What a ticket needs to know about the desk it is filed at. */
export interface TicketDesk {
  roster: AgentRoster;
  fleet: Fleet;
  /** Cumulative pick weights over fleet.devices: unreliable models raise more tickets. */
  deviceCumulative: readonly number[];
  /** Requesters; never empty. */
  users: readonly User[];
  ownerOf: ReadonlyMap<number, User>;
}

export function createTicketDesk(roster: AgentRoster, fleet: Fleet): TicketDesk {
  const deviceCumulative: number[] = [];
  let sum = 0;
  for (const device of fleet.devices) deviceCumulative.push((sum += device.model.crashFactor));
  const fallback: User = {
    id: 'U-00000',
    organization: 'Operations',
    site: 'Berlin HQ',
    deviceIndex: -1,
  };
  const users = fleet.users.length > 0 ? fleet.users : [fallback];
  const ownerOf = new Map(fleet.users.map((user) => [user.deviceIndex, user]));
  return { roster, fleet, deviceCumulative, users, ownerOf };
}

/** A ticket's events with their instants, ready to be released in order. */
export interface SimTicket {
  events: TicketEvent[];
  times: number[];
}

type EventFields = Omit<TicketEvent, 'event_id' | 'ticket_id' | 'type' | 'occurred_at'>;

// Minutes; P1 … P4.
const TRIAGE_MEDIAN = [3, 10, 30, 90] as const;
const FIRST_RESPONSE_MEDIAN = [10, 40, 150, 360] as const;
const NEXT_RESPONSE_MEDIAN = [20, 60, 180, 300] as const;
const WORK_MEDIAN = [90, 240, 360, 720] as const;

const REOPEN_PROBABILITY = 0.065;
const SATISFACTION_PROBABILITY = 0.3;
const PENDING_NO_REPLY_PROBABILITY = 0.08;

class TicketRun {
  readonly events: TicketEvent[] = [];
  readonly times: number[] = [];
  private t: number;
  private priority: Priority;
  private queue: Queue;
  private assignee = '';
  private reassigned = false;
  private reprioritised = false;

  constructor(
    private readonly desk: TicketDesk,
    private readonly ticketId: string,
    createdMs: number,
    private readonly rng: Rng,
  ) {
    this.t = createdMs;
    this.priority = rng.weighted(PRIORITY_WEIGHTS);
    this.queue = rng.weighted(QUEUE_WEIGHTS);
  }

  /** Appends an event; instants strictly increase so ties never need a tie-break. */
  private add(type: TicketEvent['type'], atMs: number, fields: EventFields = {}): void {
    this.t = Math.max(Math.round(atMs), (this.times.at(-1) ?? -Infinity) + 1000);
    const n = String(this.events.length + 1).padStart(3, '0');
    this.events.push({
      event_id: `${this.ticketId}-${n}`,
      ticket_id: this.ticketId,
      type,
      occurred_at: new Date(this.t).toISOString(),
      ...fields,
    });
    this.times.push(this.t);
  }

  private get rank(): 0 | 1 | 2 | 3 {
    return this.priority === 'P1' ? 0 : this.priority === 'P2' ? 1 : this.priority === 'P3' ? 2 : 3;
  }

  /** A lognormal delay, cut at a multiple of the median: real desks chase the stragglers. */
  private delay(medianMin: number, sigma: number, cap: number): number {
    return Math.min(this.rng.lognormal(medianMin, sigma), medianMin * cap) * MINUTE_MS;
  }

  /** When an agent gets to it: wall-clock for P1/P2 (on-call), business time otherwise. */
  private agentAfter(medianMin: number, sigma = 0.9): number {
    const delay = this.delay(medianMin, sigma, 8);
    return this.rank <= 1 ? this.t + delay : addBusinessTime(this.t, delay);
  }

  /** Requesters are colleagues: they mostly answer during the working day. */
  private customerAfter(medianMin: number, sigma = 1.1): number {
    const delay = this.delay(medianMin, sigma, 10);
    return this.rng.bernoulli(0.15) ? this.t + delay : addBusinessTime(this.t, delay);
  }

  private agentComment(atMs: number, isPublic = true): void {
    this.add('commented', atMs, { comment: { author_role: 'agent', public: isPublic } });
  }

  private customerComment(atMs: number): void {
    this.add('commented', atMs, { comment: { author_role: 'customer', public: true } });
  }

  private status(status: string): void {
    this.add('status_changed', this.t, { status });
  }

  private pickAgent(): string {
    return this.rng.pick(this.desk.roster.get(this.queue) ?? ['agent-001']);
  }

  /**
   * The app an application-error ticket is about, from the ticket id rather
   * than a random draw, so every other draw (and every existing demo figure)
   * stays as it was.
   */
  private appInTrouble(): string {
    let hash = 0;
    for (const char of this.ticketId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return at(DEMO_APP_NAMES, hash % DEMO_APP_NAMES.length);
  }

  private pickDevice(): Device {
    const cumulative = this.desk.deviceCumulative;
    const r = this.rng.next() * (cumulative.at(-1) ?? 0);
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(cumulative, mid) > r) hi = mid;
      else lo = mid + 1;
    }
    return at(this.desk.fleet.devices, lo);
  }

  simulate(): SimTicket {
    const { rng } = this;
    const channel = rng.weighted(CHANNEL_WEIGHTS);
    const agentCreated = channel === 'phone'; // the agent types while the caller talks
    this.created(channel, agentCreated);
    if (agentCreated) {
      this.assignee = this.pickAgent();
      this.add('assigned', this.t + rng.uniform(20, 90) * 1000, { assignee: this.assignee });
      this.status('open');
      if (rng.bernoulli(0.4)) return this.solveAndClose(this.t + rng.lognormal(8, 0.6) * MINUTE_MS);
    } else {
      this.assignee = this.pickAgent();
      this.add('assigned', this.agentAfter(TRIAGE_MEDIAN[this.rank], 0.8), {
        assignee: this.assignee,
      });
      const chatFactor = channel === 'chat' ? 0.1 : 1;
      this.agentComment(this.agentAfter(FIRST_RESPONSE_MEDIAN[this.rank] * chatFactor));
      this.status('open');
    }
    for (let round = 0; round < 6 && rng.bernoulli(0.55); round++) {
      if (this.round() === 'abandoned')
        return this.solveAndClose(addBusinessTime(this.t, 30 * HOUR_MS));
    }
    return this.solveAndClose(this.agentAfter(WORK_MEDIAN[this.rank], 1));
  }

  private created(channel: string, agentCreated: boolean): void {
    const { rng, desk } = this;
    let requester: User = rng.pick(desk.users);
    let device: Device | undefined;
    if (DEVICE_QUEUES.has(this.queue) && desk.fleet.devices.length > 0) {
      device = this.pickDevice();
      requester = desk.ownerOf.get(device.index) ?? requester; // kiosks: whoever noticed
    }
    const category = rng.pick(CATEGORIES[this.queue]);
    const app = category === 'application-error' ? this.appInTrouble() : undefined;
    this.add('created', this.t, {
      status: 'new',
      priority: this.priority,
      queue: this.queue,
      channel,
      category,
      organization: requester.organization,
      requester_id: requester.id,
      ...(device === undefined ? {} : { device_id: device.id }),
      comment: { author_role: agentCreated ? 'agent' : 'customer', public: true },
      attributes: { site: requester.site, ...(app === undefined ? {} : { app }) },
    });
  }

  /** One exchange between agent and requester; always ends with the ticket open. */
  private round(): 'ok' | 'abandoned' {
    const { rng } = this;
    this.maybeEscalate();
    const action = rng.weighted([
      ['pending', 45],
      ['hold', this.queue === 'hardware' ? 25 : 8],
      ['followup', 15],
      ['work', 20],
    ] as const);
    switch (action) {
      case 'pending':
        this.agentComment(this.agentAfter(WORK_MEDIAN[this.rank] * 0.3)); // a question
        this.status('pending');
        if (rng.bernoulli(PENDING_NO_REPLY_PROBABILITY)) return 'abandoned';
        this.customerComment(this.customerAfter(240));
        this.status('open');
        this.agentComment(this.agentAfter(NEXT_RESPONSE_MEDIAN[this.rank]));
        break;
      case 'hold':
        this.agentComment(this.agentAfter(60), false); // "ordered from vendor"
        this.status('on_hold');
        // The vendor answers overnight; the agent picks it up some time into the next working stretch.
        this.t = addBusinessTime(
          this.t + this.delay(20 * 60, 0.8, 5),
          rng.uniform(5, 90) * MINUTE_MS,
        );
        this.status('open');
        this.agentComment(this.t + rng.uniform(1, 30) * MINUTE_MS);
        break;
      case 'followup':
        this.customerComment(this.customerAfter(120)); // "any news?"
        this.agentComment(this.agentAfter(NEXT_RESPONSE_MEDIAN[this.rank]));
        break;
      case 'work':
        this.agentComment(this.agentAfter(60), false);
        this.agentComment(this.agentAfter(90));
        break;
    }
    return 'ok';
  }

  /** Occasional re-prioritisation and hand-over to another team. */
  private maybeEscalate(): void {
    const { rng } = this;
    if (!this.reprioritised && rng.bernoulli(0.08)) {
      this.reprioritised = true;
      const next: Priority =
        this.priority === 'P4'
          ? 'P3'
          : this.priority === 'P3'
            ? 'P2'
            : this.priority === 'P2'
              ? 'P3'
              : 'P2';
      this.priority = next;
      this.add('priority_changed', this.agentAfter(20), { priority: next });
    }
    if (!this.reassigned && rng.bernoulli(0.1)) {
      this.reassigned = true;
      const queue = rng.weighted(QUEUE_WEIGHTS.filter(([q]) => q !== this.queue));
      this.queue = queue;
      this.add('attributes_changed', this.agentAfter(30), {
        queue,
        category: rng.pick(CATEGORIES[queue]),
      });
      this.assignee = this.pickAgent();
      this.add('assigned', this.agentAfter(TRIAGE_MEDIAN[this.rank], 0.8), {
        assignee: this.assignee,
      });
    }
  }

  private solveAndClose(solvedAtMs: number): SimTicket {
    const { rng } = this;
    this.agentComment(solvedAtMs);
    this.status('solved');
    if (rng.bernoulli(REOPEN_PROBABILITY)) {
      // A reply to a solved ticket reopens it; "closed" would be final, so it comes well before.
      const delay = Math.min(
        60 * HOUR_MS,
        Math.max(30 * MINUTE_MS, rng.lognormal(14, 0.9) * HOUR_MS),
      );
      this.customerComment(this.t + delay);
      this.status('open');
      this.agentComment(this.agentAfter(NEXT_RESPONSE_MEDIAN[this.rank]));
      if (rng.bernoulli(0.3) && this.round() === 'abandoned')
        this.t = addBusinessTime(this.t, 30 * HOUR_MS);
      this.agentComment(this.agentAfter(WORK_MEDIAN[this.rank] * 0.5));
      this.status('solved');
    }
    const solvedAt = this.t;
    if (rng.bernoulli(SATISFACTION_PROBABILITY)) {
      const score = rng.weighted(SATISFACTION_WEIGHTS);
      const comments = SATISFACTION_COMMENTS[score] ?? [];
      const comment = rng.bernoulli(0.4) && comments.length > 0 ? rng.pick(comments) : undefined;
      const delay = Math.min(60 * HOUR_MS, Math.max(5 * MINUTE_MS, rng.lognormal(3, 1) * HOUR_MS));
      this.add('satisfaction', solvedAt + delay, {
        satisfaction: comment === undefined ? { score } : { score, comment },
      });
    }
    this.add('status_changed', solvedAt + rng.uniform(3, 5) * DAY_MS, { status: 'closed' });
    return { events: this.events, times: this.times };
  }
}

/** The full, time-ordered life of ticket `ticketId`, created at `createdMs`. */
export function simulateTicket(
  desk: TicketDesk,
  ticketId: string,
  createdMs: number,
  rng: Rng,
): SimTicket {
  return new TicketRun(desk, ticketId, createdMs, rng).simulate();
}
