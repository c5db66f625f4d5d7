/**
 * The desk's vocabulary: priorities, queues, channels, categories, the agent
 * roster and what customers write in satisfaction surveys.
 */
import { at } from './random.ts';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_WEIGHTS: readonly (readonly [Priority, number])[] = [
  ['P1', 3],
  ['P2', 15],
  ['P3', 55],
  ['P4', 27],
];

export const QUEUES = ['service-desk', 'network', 'accounts', 'hardware', 'software'] as const;
export type Queue = (typeof QUEUES)[number];
export const QUEUE_WEIGHTS: readonly (readonly [Queue, number])[] = [
  ['service-desk', 35],
  ['network', 10],
  ['accounts', 20],
  ['hardware', 15],
  ['software', 20],
];

export const CHANNELS = ['email', 'portal', 'phone', 'chat'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['email', 35],
  ['portal', 30],
  ['phone', 20],
  ['chat', 15],
];

export const CATEGORIES: Readonly<Record<Queue, readonly string[]>> = {
  'service-desk': ['how-to', 'onboarding', 'general-request', 'printer'],
  network: ['vpn', 'wifi', 'network-outage', 'firewall-request'],
  accounts: ['password-reset', 'access-request', 'mfa', 'mailbox'],
  hardware: ['laptop-fault', 'peripheral', 'replacement', 'docking-station'],
  software: ['install-request', 'application-error', 'license', 'update-issue'],
};

/** Queues whose tickets are about one specific machine. */
export const DEVICE_QUEUES: ReadonlySet<Queue> = new Set<Queue>(['hardware', 'software']);

const TEAM_SHARES: readonly (readonly [Queue, number])[] = [
  ['service-desk', 0.35],
  ['network', 0.15],
  ['accounts', 0.2],
  ['hardware', 0.15],
  ['software', 0.15],
];

export type AgentRoster = ReadonlyMap<Queue, readonly string[]>;

/** Splits `count` agents into queue teams; every queue gets at least one agent. */
export function buildRoster(count: number): AgentRoster {
  const ids = Array.from(
    { length: Math.max(1, count) },
    (_, i) => `agent-${String(i + 1).padStart(3, '0')}`,
  );
  const roster = new Map<Queue, string[]>();
  let next = 0;
  for (const [queue, share] of TEAM_SHARES) {
    const size = Math.max(1, Math.round(share * ids.length));
    const team: string[] = [];
    for (let i = 0; i < size; i++) team.push(at(ids, (next + i) % ids.length));
    next = (next + size) % ids.length;
    roster.set(queue, team);
  }
  return roster;
}

export const SATISFACTION_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 4],
  [2, 4],
  [3, 9],
  [4, 28],
  [5, 55],
];

export const SATISFACTION_COMMENTS: Readonly<Record<number, readonly string[]>> = {
  1: ['Took far too long and nobody kept me updated.', 'Problem is still not fixed.'],
  2: ['Had to explain the issue three times.', 'Slow, but it works now.'],
  3: ['OK in the end.', 'Fine, though the first answer did not help.'],
  4: ['Quick and friendly, thanks.', 'Good help, a bit of back and forth.'],
  5: ['Fixed in minutes, great service!', 'Super helpful, thank you!', 'Excellent, very patient.'],
};
