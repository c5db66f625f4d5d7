import { Command, InvalidArgumentError, Option } from 'commander';
import { isDeskpulseError } from '../schemas/errors.ts';
import { loadConfig } from './config.ts';
import { demoCommand } from './commands/demo.ts';
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { rollupsCommand } from './commands/rollups.ts';
import { slaExplainCommand } from './commands/sla.ts';
import { startCommand } from './commands/start.ts';
import type { RemoteOptions } from './remote.ts';
import { VERSION } from './version.ts';

interface StoreFlags {
  config?: string;
  dataDir?: string;
}

interface ServerFlags extends StoreFlags {
  port?: number;
  host?: string;
  policy?: string;
}

interface RemoteFlags {
  url?: string;
  key?: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('must be a port number 0–65535');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function configFrom(flags: ServerFlags) {
  return loadConfig({
    file: flags.config,
    flags: { dataDir: flags.dataDir, port: flags.port, host: flags.host, policyFile: flags.policy },
  });
}

function remoteFrom(flags: RemoteFlags): RemoteOptions | undefined {
  if (flags.url === undefined) return undefined;
  const key = flags.key ?? process.env['DESKPULSE_API_KEY'];
  if (key === undefined)
    throw new InvalidArgumentError('--url needs an admin key: pass --key or set DESKPULSE_API_KEY');
  return { url: flags.url, key };
}

const storeOptions = (command: Command): Command =>
  command
    .option('--data-dir <dir>', 'embedded store directory (env DESKPULSE_DATA_DIR, default ./data)')
    .option('--config <file>', 'YAML configuration file (env DESKPULSE_CONFIG)');

const remoteOptions = (command: Command): Command =>
  command
    .option('--url <url>', 'go through a running deskpulse instead of opening the store')
    .option('--key <key>', 'admin API key for --url (env DESKPULSE_API_KEY)');

function buildProgram(): Command {
  const program = new Command('deskpulse')
    .version(VERSION)
    .description('SLA analytics and endpoint reliability for IT service desks');

  const serve = (name: string, description: string, demo: boolean, writes = true): void => {
    const command = storeOptions(program.command(name).description(description))
      .option('--port <n>', 'HTTP port (env DESKPULSE_PORT, default 8080)', port)
      .option('--host <host>', 'address to listen on (env DESKPULSE_HOST, default 127.0.0.1)');
    // `demo` marks `start`, the all-in-one process; it also brings the SLA policy.
    if (demo)
      command
        .option('--demo', 'create a demo tenant and key, and stream synthetic desk traffic into it')
        .option(
          '--policy <file>',
          'SLA policy (YAML) for every tenant; replaces changed ones (env DESKPULSE_POLICY_FILE, default: the shipped policies/default.yaml, only for tenants without one)',
        );
    command.action((flags: ServerFlags & { demo?: boolean }) =>
      startCommand(configFrom(flags), { demo: flags.demo === true, policies: demo, writes }),
    );
  };
  serve(
    'start',
    'run every part in one process (embedded ClickHouse unless CLICKHOUSE_URL is set)',
    true,
  );
  serve(
    'ingest',
    'run the ingest service alone (for server mode; several replicas may run)',
    false,
  );
  serve(
    'query',
    'run the read API alone: named queries and the other read routes, no intake (server mode)',
    false,
    false,
  );

  storeOptions(
    program
      .command('rollups')
      .description('run the SLA engine alone (server mode; one per database)'),
  ).action((flags: StoreFlags) => rollupsCommand(configFrom(flags)));

  storeOptions(program.command('migrate').description('apply pending schema migrations')).action(
    (flags: StoreFlags) => migrateCommand(configFrom(flags)),
  );

  const keys = program.command('keys').description('manage API keys');
  remoteOptions(
    storeOptions(keys.command('create').description('create an API key; it is printed once')),
  )
    .requiredOption('--tenant <tenant>', 'tenant the key belongs to')
    .requiredOption('--scopes <list>', 'comma-separated: ingest, query, admin')
    .option('--name <name>', 'a label to recognise the key by')
    .action(
      (flags: ServerFlags & RemoteFlags & { tenant: string; scopes: string; name?: string }) =>
        keysCreateCommand(configFrom(flags), flags, remoteFrom(flags)),
    );
  remoteOptions(
    storeOptions(keys.command('list').description('list API keys (never their secrets)')),
  )
    .option('--tenant <tenant>', 'only this tenant')
    .action((flags: ServerFlags & RemoteFlags & { tenant?: string }) =>
      keysListCommand(configFrom(flags), flags.tenant, remoteFrom(flags)),
    );
  remoteOptions(
    storeOptions(
      keys.command('revoke').description('revoke an API key').argument('<key-id>', 'the key id'),
    ),
  ).action((keyId: string, flags: ServerFlags & RemoteFlags) =>
    keysRevokeCommand(configFrom(flags), keyId, remoteFrom(flags)),
  );

  const sla = program.command('sla').description('SLA clocks');
  remoteOptions(
    storeOptions(
      sla
        .command('explain')
        .description('show every clock of a ticket and the working behind it, as a table'),
    ),
  )
    .requiredOption('--tenant <tenant>', 'the ticket’s tenant')
    .requiredOption('--ticket <id>', 'the ticket id')
    .option('--version <n>', 'policy version (default: the newest computed one)', positive)
    .option('--json', 'print the API’s JSON instead of tables')
    .action(
      (
        flags: ServerFlags &
          RemoteFlags & { tenant: string; ticket: string; version?: number; json?: boolean },
      ) => {
        const remote = remoteFrom(flags);
        return slaExplainCommand(configFrom(flags), {
          tenant: flags.tenant,
          ticket: flags.ticket,
          json: flags.json === true,
          ...(flags.version === undefined ? {} : { version: flags.version }),
          ...(remote === undefined ? {} : { remote }),
        });
      },
    );

  program
    .command('demo')
    .description('stream realistic synthetic desk traffic into a running deskpulse')
    .requiredOption('--url <url>', 'the running deskpulse, e.g. http://127.0.0.1:8080')
    .addOption(
      new Option('--key <key>', 'API key with the ingest scope')
        .env('DESKPULSE_API_KEY')
        .makeOptionMandatory(),
    )
    .option(
      '--rate <events-per-second>',
      'target events per second (default: a real desk’s pace)',
      positive,
    )
    .option('--backfill-days <days>', 'history to send first', Number, 0)
    .option('--seed <n>', 'random seed (same seed, same desk)', Number, 1)
    .option('--devices <n>', 'fleet size', Number, 2000)
    .option('--agents <n>', 'number of agents', Number, 40)
    .action(demoCommand);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (isDeskpulseError(error)) {
    process.stderr.write(`deskpulse: ${error.message}\n`);
    // A bad policy file is bad input, like a bad argument.
    process.exit(error.code === 'INVALID_POLICY' ? 2 : 1);
  }
  if (error instanceof InvalidArgumentError) {
    process.stderr.write(`deskpulse: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `deskpulse: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
