/**
 * The demo desk's endpoint fleet and the people who own the devices. Built
 * once per seed; everything else (tickets, telemetry) refers to it, so a
 * hardware ticket's requester really owns the device the ticket names.
 */
import { Rng, hashSeed } from './random.ts';

export type FormFactor = 'laptop' | 'desktop';

export interface DeviceModel {
  name: string;
  formFactor: FormFactor;
  os: 'Windows 11' | 'macOS';
  /** Share of the fleet, relative. */
  weight: number;
  /** Multiplier on crash and hang rates: the fleet's reliability story. */
  crashFactor: number;
  /** Median cold-boot time to a usable desktop. */
  bootMedianS: number;
}

// The EliteBook G8 generation is the one the dashboards should single out:
// ageing batteries and a flaky graphics driver make it crash and boot slowly.
export const DEVICE_MODELS: readonly DeviceModel[] = [
  {
    name: 'Dell Latitude 5440',
    formFactor: 'laptop',
    os: 'Windows 11',
    weight: 30,
    crashFactor: 1,
    bootMedianS: 32,
  },
  {
    name: 'Lenovo ThinkPad T14 Gen 4',
    formFactor: 'laptop',
    os: 'Windows 11',
    weight: 24,
    crashFactor: 0.85,
    bootMedianS: 28,
  },
  {
    name: 'HP EliteBook 840 G8',
    formFactor: 'laptop',
    os: 'Windows 11',
    weight: 16,
    crashFactor: 3,
    bootMedianS: 75,
  },
  {
    name: 'Dell OptiPlex 7010',
    formFactor: 'desktop',
    os: 'Windows 11',
    weight: 14,
    crashFactor: 0.8,
    bootMedianS: 25,
  },
  {
    name: 'Lenovo ThinkCentre M70q Gen 4',
    formFactor: 'desktop',
    os: 'Windows 11',
    weight: 6,
    crashFactor: 0.9,
    bootMedianS: 27,
  },
  {
    name: 'Apple MacBook Pro 14 M3',
    formFactor: 'laptop',
    os: 'macOS',
    weight: 10,
    crashFactor: 0.7,
    bootMedianS: 22,
  },
];

export const BAD_MODEL = 'HP EliteBook 840 G8';

export const SITES = ['Berlin HQ', 'Munich', 'Hamburg', 'Cologne', 'Leipzig'] as const;
const SITE_WEIGHTS = [40, 20, 18, 14, 8] as const;

export const ORGANIZATIONS = [
  'Sales',
  'Engineering',
  'Finance',
  'Human Resources',
  'Operations',
  'Marketing',
  'Legal',
] as const;
const ORGANIZATION_WEIGHTS = [20, 24, 11, 6, 22, 11, 6] as const;

/** OS versions per OS and their shares; the reliability benchmark's fleet uses them too. */
export const OS_VERSIONS: Readonly<
  Record<DeviceModel['os'], readonly (readonly [string, number])[]>
> = {
  'Windows 11': [
    ['23H2', 35],
    ['24H2', 65],
  ],
  macOS: [
    ['14.7', 40],
    ['15.3', 60],
  ],
};

/** Agent versions and their shares. */
export const AGENT_VERSIONS = [
  ['2.4.1', 70],
  ['2.5.0', 25],
  ['2.3.7', 5],
] as const;

export interface Device {
  index: number;
  id: string;
  model: DeviceModel;
  site: string;
  os: string;
  osVersion: string;
  agentVersion: string;
  /** Shared meeting-room and shop-floor machines: always on, nobody's own. */
  kiosk: boolean;
  ownerId: string | undefined;
  organization: string;
  /** Stream seed for everything this device does. */
  seed: number;
  // Behaviour of the person at the keyboard.
  startHour: number;
  workHours: number;
  leaveOnProb: number;
  patchWeekday: number;
  patchHour: number;
  // Gauge baselines.
  cpuMedianPct: number;
  memBasePct: number;
  diskStartPct: number;
  diskSlopePctPerDay: number;
  diskCycleDays: number;
  diskPhaseDays: number;
}

export interface User {
  id: string;
  organization: string;
  site: string;
  deviceIndex: number;
}

export interface Fleet {
  devices: readonly Device[];
  /** One person per non-kiosk device. */
  users: readonly User[];
}

function zip<T>(items: readonly T[], weights: readonly number[]): [T, number][] {
  return items.map((item, i) => [item, weights[i] ?? 0]);
}

function buildDevice(seed: number, index: number): Device {
  const rng = Rng.derive(seed, 'device', index);
  const model = rng.weighted(DEVICE_MODELS.map((m) => [m, m.weight] as const));
  const desktop = model.formFactor === 'desktop';
  const kiosk = desktop && rng.bernoulli(0.05);
  const id = `PC-${String(index + 1).padStart(5, '0')}`;
  return {
    index,
    id,
    model,
    site: rng.weighted(zip(SITES, SITE_WEIGHTS)),
    os: model.os,
    osVersion: rng.weighted(OS_VERSIONS[model.os]),
    agentVersion: rng.weighted(AGENT_VERSIONS),
    kiosk,
    ownerId: kiosk ? undefined : `U-${String(index + 1).padStart(5, '0')}`,
    organization: kiosk ? 'Operations' : rng.weighted(zip(ORGANIZATIONS, ORGANIZATION_WEIGHTS)),
    seed: hashSeed(seed, id),
    startHour: Math.min(10.5, Math.max(6.5, 8 + rng.normal() * 0.6)),
    workHours: Math.min(10.5, Math.max(6, 8.8 + rng.normal() * 0.7)),
    // Desktops are often left running overnight; laptops go home in a bag.
    leaveOnProb: kiosk ? 1 : desktop ? rng.uniform(0.15, 0.5) : rng.uniform(0, 0.06),
    patchWeekday: rng.int(2, 4),
    patchHour: rng.uniform(10, 15),
    cpuMedianPct: rng.uniform(8, 22),
    memBasePct: rng.uniform(32, 55),
    diskStartPct: rng.uniform(35, 85),
    diskSlopePctPerDay: rng.uniform(0.03, 0.25),
    diskCycleDays: rng.uniform(120, 360),
    diskPhaseDays: rng.uniform(0, 360),
  };
}

export function buildFleet(seed: number, count: number): Fleet {
  const devices: Device[] = [];
  const users: User[] = [];
  for (let index = 0; index < count; index++) {
    const device = buildDevice(seed, index);
    devices.push(device);
    if (device.ownerId !== undefined) {
      users.push({
        id: device.ownerId,
        organization: device.organization,
        site: device.site,
        deviceIndex: index,
      });
    }
  }
  return { devices, users };
}

/** Free disk space: a slow decline, reset by a periodic clean-up, never below 1 %. */
export function diskFreePct(device: Device, epochMs: number): number {
  const days = epochMs / 86_400_000 + device.diskPhaseDays;
  const sinceCleanup = days % device.diskCycleDays;
  return Math.max(1, device.diskStartPct - device.diskSlopePctPerDay * sinceCleanup);
}
