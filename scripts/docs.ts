import { ERROR_CATALOGUE, ERROR_CODES } from '../schemas/errors.ts';
import { contractJsonSchemas } from '../schemas/json-schema.ts';
import { openApiDocument } from '../ingest/openapi.ts';
import { ENV_SETTINGS } from '../cli/config.ts';
import { configSchema } from '../schemas/config.ts';
import { VERSION } from '../cli/version.ts';

/** docs/errors.md: the catalogue as a table. */
export function errorsMarkdown(): string {
  const rows = ERROR_CODES.map((code) => {
    const { status, description } = ERROR_CATALOGUE[code];
    return `| \`${code}\` | ${status} | ${description} |`;
  });
  return [
    '# Error codes',
    '',
    'Generated from `schemas/errors.ts` by `npm run docs`; do not edit by hand.',
    '',
    'Every HTTP error is `{"error": {"code", "message", "details"}}`; the CLI prints the message on one line.',
    '',
    '| code | HTTP status | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function defaultOf(path: string): string {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  let node: unknown = defaults;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node === undefined ? '—' : `\`${JSON.stringify(node)}\``;
}

/** docs/configuration.md: every environment variable and file key, with defaults. */
export function configurationMarkdown(): string {
  const rows = Object.entries(ENV_SETTINGS).map(
    ([env, path]) => `| \`${env}\` | \`${path}\` | ${defaultOf(path)} |`,
  );
  return [
    '# Configuration',
    '',
    'Generated from `schemas/config.ts` and `cli/config.ts` by `npm run docs`; do not edit by hand.',
    '',
    'Sources, weakest first: defaults, a YAML file (`--config FILE` or `DESKPULSE_CONFIG`) using the keys below (dots are nesting), environment variables, command-line flags. A bad value stops start-up with one line naming the setting.',
    '',
    '| environment variable | file key | default |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '`spoolDir` defaults to `<dataDir>/spool`. `CLICKHOUSE_CLUSTER` needs `CLICKHOUSE_URL`.',
    '',
  ].join('\n');
}

/** Every generated file, by path relative to the repository root. */
export function generatedDocs(): Record<string, string> {
  const files: Record<string, string> = {
    'docs/errors.md': errorsMarkdown(),
    'docs/configuration.md': configurationMarkdown(),
    'docs/openapi.json': `${JSON.stringify(openApiDocument(VERSION), null, 2)}\n`,
  };
  for (const [name, schema] of Object.entries(contractJsonSchemas())) {
    files[`docs/schemas/${name}.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  return files;
}
