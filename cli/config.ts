import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { configSchema, type Config } from '../schemas/config.ts';
import { DeskpulseError } from '../schemas/errors.ts';

/** Environment variables and the configuration key each sets. */
export const ENV_SETTINGS = {
  DESKPULSE_HOST: 'host',
  DESKPULSE_PORT: 'port',
  DESKPULSE_DATA_DIR: 'dataDir',
  DESKPULSE_SPOOL_DIR: 'spoolDir',
  DESKPULSE_LOG_LEVEL: 'logLevel',
  DESKPULSE_POLICY_FILE: 'policyFile',
  CLICKHOUSE_URL: 'clickhouse.url',
  CLICKHOUSE_USER: 'clickhouse.user',
  CLICKHOUSE_PASSWORD: 'clickhouse.password',
  CLICKHOUSE_DATABASE: 'clickhouse.database',
  CLICKHOUSE_CLUSTER: 'clickhouse.cluster',
  DESKPULSE_MAX_BODY_BYTES: 'limits.maxBodyBytes',
  DESKPULSE_MAX_DECOMPRESSED_BYTES: 'limits.maxDecompressedBytes',
  DESKPULSE_MAX_LINE_BYTES: 'limits.maxLineBytes',
  DESKPULSE_MAX_EVENTS_PER_REQUEST: 'limits.maxEventsPerRequest',
  DESKPULSE_MAX_CLOCK_SKEW_S: 'limits.maxClockSkewSeconds',
  DESKPULSE_FLUSH_INTERVAL_MS: 'writer.flushIntervalMs',
  DESKPULSE_MAX_BATCH_BYTES: 'writer.maxBatchBytes',
  DESKPULSE_MAX_QUEUE_BYTES: 'writer.maxQueueBytes',
  DESKPULSE_INSERT_CONCURRENCY: 'writer.insertConcurrency',
  DESKPULSE_SPOOL_MAX_BYTES: 'writer.spoolMaxBytes',
  DESKPULSE_SPOOL_FIRST: 'writer.spoolFirst',
  DESKPULSE_RATE_LIMIT_PER_MINUTE: 'rateLimit.perKeyPerMinute',
  DESKPULSE_SLA_INTERVAL_MS: 'sla.intervalMs',
  DESKPULSE_SLA_TICKETS_PER_CHUNK: 'sla.ticketsPerChunk',
  DESKPULSE_SLA_MAX_EVENTS_PER_TICKET: 'sla.maxEventsPerTicket',
  DESKPULSE_SAMPLES_RETENTION_DAYS: 'retention.samplesDays',
  DESKPULSE_ENDPOINT_EVENTS_RETENTION_DAYS: 'retention.endpointEventsDays',
  DESKPULSE_HOURLY_ROLLUP_RETENTION_DAYS: 'retention.hourlyRollupDays',
  DESKPULSE_DAILY_ROLLUP_RETENTION_DAYS: 'retention.dailyRollupDays',
  DESKPULSE_QUERY_CACHE_SECONDS: 'query.cacheSeconds',
} as const satisfies Record<string, string>;

type Tree = Record<string, unknown>;

function setPath(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null ? next : {};
    node = node[key] as Tree;
  }
  node[keys.at(-1) ?? ''] = value;
}

function readConfigFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DeskpulseError(
      'CONFIG_INVALID',
      `cannot read config file ${file}: ${(error as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new DeskpulseError(
      'CONFIG_INVALID',
      `config file ${file} is not valid YAML: ${(error as Error).message}`,
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DeskpulseError(
      'CONFIG_INVALID',
      `config file ${file} must hold a mapping of settings`,
    );
  }
  return parsed as Tree;
}

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Settings from command-line flags, by configuration key (e.g. "port"). */
  flags?: Record<string, unknown>;
  /** A YAML file; defaults to DESKPULSE_CONFIG. */
  file?: string | undefined;
}

/**
 * Builds the configuration from defaults, file, environment and flags, and
 * checks it. A bad setting stops here with one line naming where it came from.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const file = sources.file ?? env['DESKPULSE_CONFIG'];
  const tree: Tree = file === undefined ? {} : readConfigFile(file);
  const origin = new Map<string, string>();
  for (const [name, path] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(tree, path, value);
    origin.set(path, name);
  }
  for (const [path, value] of Object.entries(sources.flags ?? {})) {
    if (value === undefined) continue;
    setPath(tree, path, value);
    origin.set(path, `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    const where = origin.get(path) ?? (file === undefined ? path : `${path} in ${file}`);
    throw new DeskpulseError(
      'CONFIG_INVALID',
      `invalid setting ${where || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const config = parsed.data;
  if (config.clickhouse.cluster !== undefined && config.clickhouse.url === undefined) {
    throw new DeskpulseError(
      'CONFIG_INVALID',
      'invalid setting CLICKHOUSE_CLUSTER: a cluster needs CLICKHOUSE_URL too',
    );
  }
  return config;
}

/** Where the spool lives when not configured: beside the embedded data. */
export function spoolDirOf(config: Config): string {
  return config.spoolDir ?? `${config.dataDir}/spool`;
}
