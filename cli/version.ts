import { readFileSync } from 'node:fs';

/** The package version, for the API docs and `--version`. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
