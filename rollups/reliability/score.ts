import type {
  ReliabilityMetricsRow,
  ReliabilityScoreRow,
  ScoreEntity,
} from '../../schemas/reliability.ts';

/*
 * Reliability scores 0–100 (docs/reliability.md, "Scores"). Pure: no I/O.
 *
 * Each component maps a rate x ≥ 0 to s(x) = 100 × h / (h + x): 100 with no
 * failures, 50 at the half-point h, falling towards 0 as x grows, never
 * negative and never saturating. The score is the weighted mean of the
 * components that have data, the weights re-scaled over those.
 */

export const SCORE_COMPONENTS = {
  /** (app crashes + hangs) per 1,000 usage hours. */
  app_failures: { weight: 0.35, half: 10 },
  /** OS crashes per device-month (30 device-days). */
  os_crashes: { weight: 0.25, half: 0.5 },
  /** Share of restarts without a clean shutdown (0–1). */
  unclean_shutdowns: { weight: 0.15, half: 0.1 },
  /** Seconds of boot p95 above BOOT_ALLOWANCE_S. */
  boot: { weight: 0.1, half: 60 },
  /** The worst of the cpu, memory and disk pressure shares (0–1). */
  pressure: { weight: 0.15, half: 0.1 },
} as const;

export type ScoreComponent = keyof typeof SCORE_COMPONENTS;

/** Boot p95 up to this many seconds costs nothing. */
export const BOOT_ALLOWANCE_S = 30;

/** Below these no score is shown (score null, with the reason). */
export const MIN_POPULATION: Record<ScoreEntity, { devices: number; usageHours: number }> = {
  device: { devices: 1, usageHours: 24 },
  model: { devices: 5, usageHours: 100 },
  site: { devices: 5, usageHours: 100 },
  os_version: { devices: 5, usageHours: 100 },
  app: { devices: 5, usageHours: 100 },
};

export type ScoreInputs = Pick<
  ReliabilityMetricsRow,
  | 'devices'
  | 'usage_hours'
  | 'app_failures_per_1000h'
  | 'os_crashes_per_device_month'
  | 'unclean_shutdown_rate'
  | 'boot_p95_s'
  | 'cpu_pressure_pct'
  | 'mem_pressure_pct'
  | 'disk_pressure_pct'
>;

export type ScoreResult = Omit<
  ReliabilityScoreRow,
  'device_id' | 'model' | 'site' | 'os_version' | 'app'
>;

/** s(x) = 100 × h / (h + x), for x ≥ 0 (a negative x counts as 0). */
export function halfPointScore(x: number, half: number): number {
  return (100 * half) / (half + Math.max(0, x));
}

/** One decimal: scores are read by people, and 0.1 is below any meaningful change. */
function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The worst pressure share (0–1) among the gauges the population reported. */
export function pressureShare(m: ScoreInputs): number | null {
  const shares = [m.cpu_pressure_pct, m.mem_pressure_pct, m.disk_pressure_pct].filter(
    (pct): pct is number => pct !== null,
  );
  return shares.length === 0 ? null : Math.max(...shares) / 100;
}

/** Each component's input x, or null when the population has no data for it. */
export function componentInputs(m: ScoreInputs): Record<ScoreComponent, number | null> {
  return {
    app_failures: m.app_failures_per_1000h,
    os_crashes: m.os_crashes_per_device_month,
    unclean_shutdowns: m.unclean_shutdown_rate,
    boot: m.boot_p95_s === null ? null : Math.max(0, m.boot_p95_s - BOOT_ALLOWANCE_S),
    pressure: pressureShare(m),
  };
}

/** Why an entity is too small to score, or undefined when it is large enough. */
export function populationShortfall(entity: ScoreEntity, m: ScoreInputs): string | undefined {
  const min = MIN_POPULATION[entity];
  if (m.devices >= min.devices && m.usage_hours >= min.usageHours) return undefined;
  const needs =
    min.devices > 1
      ? `at least ${min.devices} devices and ${min.usageHours} usage hours`
      : `at least ${min.usageHours} usage hours`;
  const hours = round1(m.usage_hours);
  return `a ${entity} score needs ${needs}; this one has ${m.devices} device(s) and ${hours} usage hours`;
}

/** Sub-scores of the components with data, and their re-weighted mean. */
export function weightedScore(inputs: Record<ScoreComponent, number | null>): {
  score: number | null;
  parts: Record<ScoreComponent, number | null>;
} {
  let sum = 0;
  let weights = 0;
  const parts = {} as Record<ScoreComponent, number | null>;
  for (const name of Object.keys(SCORE_COMPONENTS) as ScoreComponent[]) {
    const x = inputs[name];
    const { weight, half } = SCORE_COMPONENTS[name];
    const part = x === null ? null : halfPointScore(x, half);
    parts[name] = part;
    if (part === null) continue;
    sum += weight * part;
    weights += weight;
  }
  return { score: weights > 0 ? sum / weights : null, parts };
}

/** The score of one entity over a window, with its inputs and sub-scores. */
export function scoreOf(entity: ScoreEntity, m: ScoreInputs): ScoreResult {
  const inputs = componentInputs(m);
  const shortfall = populationShortfall(entity, m);
  const { score, parts } = weightedScore(inputs);
  const shown = shortfall === undefined && score !== null;
  const part = (name: ScoreComponent): number | null => {
    const value = parts[name];
    return shown && value !== null ? round1(value) : null;
  };
  return {
    score: shown ? round1(score) : null,
    reason: shortfall ?? (score === null ? 'no figures to score in this window' : null),
    devices: m.devices,
    usage_hours: m.usage_hours,
    app_failures_per_1000h: m.app_failures_per_1000h,
    os_crashes_per_device_month: m.os_crashes_per_device_month,
    unclean_shutdown_rate: m.unclean_shutdown_rate,
    boot_p95_s: m.boot_p95_s,
    pressure_share: inputs.pressure,
    app_failures_score: part('app_failures'),
    os_crashes_score: part('os_crashes'),
    unclean_shutdowns_score: part('unclean_shutdowns'),
    boot_score: part('boot'),
    pressure_score: part('pressure'),
  };
}
