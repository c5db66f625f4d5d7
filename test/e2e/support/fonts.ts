import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';

// Grafana serves Inter and Roboto Mono from public/fonts; they are not
// installed here, so the host answers those URLs with the metric-compatible
// Liberation fonts Debian's chromium brings along (fonts-liberation).
const LIBERATION = '/usr/share/fonts/truetype/liberation';
const FONTS: [RegExp, string][] = [
  [/inter\/Inter-(Medium|Bold|SemiBold)\.woff2$/, 'LiberationSans-Bold.ttf'],
  [/inter\/Inter-(Medium|Bold|SemiBold)Italic\.woff2$/, 'LiberationSans-BoldItalic.ttf'],
  [/inter\/Inter-Italic\.woff2$/, 'LiberationSans-Italic.ttf'],
  [/inter\/.*\.woff2$/, 'LiberationSans-Regular.ttf'],
  [/roboto\/.*\.woff2$/, 'LiberationMono-Regular.ttf'],
];

/** The local file standing in for a Grafana font, if there is one. */
export function fontFile(path: string): { dir: string; name: string } | undefined {
  const match = FONTS.find(([pattern]) => pattern.test(path));
  if (match === undefined) return undefined;
  const file = `${LIBERATION}/${match[1]}`;
  return existsSync(file) ? { dir: dirname(file), name: basename(file) } : undefined;
}
