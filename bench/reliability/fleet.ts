/**
 * The simulated fleet: hardware models, sites, OS and agent versions, the
 * ~50 applications that crash and hang, and one profile per device drawn
 * from the seed. Every name is ASCII: rows are written to the insert buffers
 * as latin1, one byte per character.
 */
import { below, streamOf, weighted, type Random } from '../sla/random.ts';
import { AGENT_VERSIONS, OS_VERSIONS } from '../../cli/demo/fleet.ts';

export type FormFactor = 'laptop' | 'desktop';
export type DeviceKind = FormFactor | 'kiosk';

export interface Model {
  name: string;
  os: 'Windows 11' | 'macOS';
  formFactor: FormFactor;
  weight: number;
  /** Multiplier on OS and app crash rates. */
  crashFactor: number;
  /** Median seconds from power-on to a usable desktop. */
  bootMedianS: number;
}

// Two models stand out, so "by model" has a story: an ageing EliteBook
// generation crashes and boots slowly, and one desktop line has bad PSUs
// (unclean shutdowns).
export const MODELS: readonly Model[] = [
  m('Dell Latitude 5440', 'Windows 11', 'laptop', 22, 1, 32),
  m('Dell Latitude 7450', 'Windows 11', 'laptop', 10, 0.9, 30),
  m('Lenovo ThinkPad T14 Gen 4', 'Windows 11', 'laptop', 18, 0.85, 28),
  m('Lenovo ThinkPad X1 Carbon Gen 11', 'Windows 11', 'laptop', 6, 0.8, 26),
  m('HP EliteBook 840 G8', 'Windows 11', 'laptop', 12, 3, 75),
  m('HP EliteBook 840 G10', 'Windows 11', 'laptop', 6, 1.1, 35),
  m('Microsoft Surface Laptop 5', 'Windows 11', 'laptop', 3, 1.3, 30),
  m('Dell OptiPlex 7010', 'Windows 11', 'desktop', 9, 0.8, 25),
  m('HP ProDesk 400 G7', 'Windows 11', 'desktop', 4, 1.6, 40),
  m('Lenovo ThinkCentre M70q Gen 4', 'Windows 11', 'desktop', 4, 0.9, 27),
  m('Apple MacBook Pro 14 M3', 'macOS', 'laptop', 4, 0.7, 22),
  m('Apple MacBook Air 13 M2', 'macOS', 'laptop', 2, 0.7, 20),
];

/** The desktop line whose power supplies fail: many more unclean shutdowns. */
export const BAD_PSU_MODEL = 'HP ProDesk 400 G7';

function m(
  name: string,
  os: Model['os'],
  formFactor: FormFactor,
  weight: number,
  crashFactor: number,
  bootMedianS: number,
): Model {
  return { name, os, formFactor, weight, crashFactor, bootMedianS };
}

export const SITES: readonly (readonly [string, number])[] = [
  ['Berlin HQ', 30],
  ['Munich', 12],
  ['Hamburg', 10],
  ['Cologne', 8],
  ['Frankfurt', 8],
  ['Stuttgart', 6],
  ['Leipzig', 5],
  ['Dresden', 4],
  ['Hanover', 4],
  ['Nuremberg', 4],
  ['Vienna', 5],
  ['Zurich', 4],
  ['Amsterdam', 4],
  ['Paris', 4],
  ['Madrid', 3],
  ['Milan', 3],
  ['Warsaw', 3],
  ['Prague', 2],
  ['Dublin', 2],
  ['Remote', 12],
];

export interface App {
  name: string;
  version: string;
  /** How often it is the one that crashes or hangs, relative. */
  weight: number;
}

// Usage-weighted crash shares: browsers, Office and collaboration tools
// dominate, a long tail of line-of-business apps follows.
const APP_NAMES: readonly (readonly [string, string, number])[] = [
  ['Microsoft Teams', '24.1', 60],
  ['Microsoft Outlook', '16.0', 45],
  ['Google Chrome', '131.0', 40],
  ['Microsoft Edge', '131.0', 30],
  ['Microsoft Excel', '16.0', 28],
  ['Microsoft Word', '16.0', 18],
  ['Zoom', '6.2', 16],
  ['Slack', '4.41', 12],
  ['Adobe Acrobat Reader', '24.4', 12],
  ['Microsoft PowerPoint', '16.0', 10],
  ['SAP GUI', '8.0', 10],
  ['Firefox', '133.0', 8],
  ['OneDrive', '24.2', 8],
  ['Visual Studio Code', '1.95', 7],
  ['Citrix Workspace', '24.9', 7],
  ['Cisco AnyConnect', '4.10', 6],
  ['GlobalProtect', '6.2', 6],
  ['Webex', '44.10', 5],
  ['Salesforce Desktop', '3.1', 5],
  ['Tableau', '2024.3', 4],
  ['Power BI Desktop', '2.138', 4],
  ['DATEV Arbeitsplatz', '16.1', 4],
  ['Lexware', '28.0', 3],
  ['AutoCAD', '2025.1', 3],
  ['SolidWorks', '2024.5', 3],
  ['Adobe Photoshop', '26.1', 3],
  ['Adobe Illustrator', '29.1', 2],
  ['Figma', '124.6', 2],
  ['Notepad++', '8.7', 2],
  ['7-Zip', '24.08', 1],
  ['KeePass', '2.57', 1],
  ['Snagit', '2024.2', 1],
  ['Postman', '11.20', 2],
  ['Docker Desktop', '4.36', 2],
  ['IntelliJ IDEA', '2024.3', 2],
  ['Eclipse', '4.33', 1],
  ['Git for Windows', '2.47', 1],
  ['PuTTY', '0.81', 1],
  ['WinSCP', '6.3', 1],
  ['FileZilla', '3.68', 1],
  ['VLC', '3.0', 1],
  ['Spotify', '1.2', 1],
  ['Jabra Direct', '6.18', 1],
  ['Logitech Options', '10.24', 1],
  ['Dell Command Update', '5.4', 2],
  ['HP Support Assistant', '9.33', 2],
  ['Lenovo Vantage', '10.24', 1],
  ['Intel Graphics Command Center', '1.100', 3],
  ['Realtek Audio Console', '1.41', 1],
  ['Windows Explorer', '10.0', 15],
];

export const APPS: readonly App[] = APP_NAMES.map(([name, version, weight]) => ({
  name,
  version,
  weight,
}));

export const APP_WEIGHTS: readonly (readonly [number, number])[] = APPS.map((app, i) => [
  i,
  app.weight,
]);

export interface Device {
  index: number;
  id: string;
  model: Model;
  kind: DeviceKind;
  site: string;
  os: string;
  osVersion: string;
  agentVersion: string;
  /** Multiplier on crash and hang rates: the model's, times this unit's own luck. */
  crashFactor: number;
  /** Share of shutdowns that are unclean (battery dead, power button held, PSU). */
  uncleanShare: number;
  startHour: number;
  workHours: number;
  /** Chance a working day ends with the machine left running. */
  leaveOnProb: number;
  /** 1-5 (Mon-Fri): the weekly patch reboot. */
  patchWeekday: number;
  patchHour: number;
  cpuMedianPct: number;
  memBasePct: number;
  diskStartPct: number;
  diskSlopePctPerDay: number;
  /** Day index from which the device no longer reports (lost, broken, retired); Infinity if never. */
  silentFromDay: number;
}

/** Lognormal with median 1: `exp(sigma × N(0,1))`. */
export function lognormal(random: Random, sigma: number): number {
  const u = 1 - random();
  const v = random();
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/** One device's profile; `days` is the history length, `silentWindow` the days at its end silence may start in. */
export function buildDevice(
  seed: number,
  index: number,
  days: number,
  silentWindow: number,
): Device {
  const random = streamOf(seed, index);
  const model = weighted(
    random,
    MODELS.map((model) => [model, model.weight] as const),
  );
  const kiosk = model.formFactor === 'desktop' && random() < 0.06;
  const kind: DeviceKind = kiosk ? 'kiosk' : model.formFactor;
  // 1.5 % go silent some time in the dashboard's window, a few in its last days.
  const silent = random() < 0.015;
  const silentFromDay = silent ? days - 1 - below(random, Math.min(days, silentWindow)) : Infinity;
  return {
    index,
    id: `D-${String(index + 1).padStart(6, '0')}`,
    model,
    kind,
    site: weighted(random, SITES),
    os: model.os,
    osVersion: weighted(random, OS_VERSIONS[model.os]),
    agentVersion: weighted(random, AGENT_VERSIONS),
    crashFactor: model.crashFactor * lognormal(random, 0.5),
    uncleanShare:
      (model.name === BAD_PSU_MODEL ? 0.12 : model.formFactor === 'laptop' ? 0.025 : 0.01) *
      lognormal(random, 0.4),
    startHour: Math.min(10.5, Math.max(6, 8 + (random() - 0.5) * 2.4)),
    workHours: Math.min(11, Math.max(5.5, 8.6 + (random() - 0.5) * 3)),
    leaveOnProb:
      kind === 'desktop' ? 0.1 + random() * 0.4 : kind === 'laptop' ? random() * 0.05 : 1,
    patchWeekday: 2 + below(random, 3),
    patchHour: 10 + random() * 5,
    cpuMedianPct: 6 + random() * 18,
    memBasePct: 30 + random() * 35,
    diskStartPct: 12 + random() * 70,
    diskSlopePctPerDay: 0.02 + random() * 0.2,
    silentFromDay,
  };
}

/** Throws unless every name the rows carry is printable ASCII (see the module comment). */
export function assertAsciiNames(): void {
  const names = [
    ...MODELS.map((model) => model.name),
    ...SITES.map(([site]) => site),
    ...APPS.flatMap((app) => [app.name, app.version]),
  ];
  const bad = names.find((name) => !/^[\x20-\x7e]+$/.test(name) || /["\\]/.test(name));
  if (bad !== undefined) throw new Error(`fleet name ${JSON.stringify(bad)} is not plain ASCII`);
}
