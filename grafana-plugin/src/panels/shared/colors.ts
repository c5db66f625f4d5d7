import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';

/** Red, green, blue of any CSS colour the theme uses (hex, rgb(), rgba()). */
function channels(color: string): [number, number, number] {
  const { values } = colorManipulator.decomposeColor(colorManipulator.asRgbString(color)) as {
    values: number[];
  };
  return [values[0] ?? 0, values[1] ?? 0, values[2] ?? 0];
}

function mix(from: string, to: string, t: number): string {
  const a = channels(from);
  const b = channels(to);
  const values = a.map((value, i) => Math.round(value + ((b[i] ?? value) - value) * t));
  return colorManipulator.recomposeColor({ type: 'rgb', values });
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Continuous red → yellow → green scale over [0, 1], built from the theme's
 * palette so it matches Grafana's own "Red-Yellow-Green" in light and dark.
 */
export function redYellowGreen(theme: GrafanaTheme2, fraction: number): string {
  const red = theme.visualization.getColorByName('red');
  const yellow = theme.visualization.getColorByName('yellow');
  const green = theme.visualization.getColorByName('green');
  const t = clamp(Number.isFinite(fraction) ? fraction : 0, 0, 1);
  return t <= 0.5 ? mix(red, yellow, t * 2) : mix(yellow, green, (t - 0.5) * 2);
}

/** Fill for an entity without a score: neutral grey of the theme. */
export function noScoreColor(theme: GrafanaTheme2): string {
  return theme.colors.secondary.main;
}

/** Fill for a 0–100 score; grey without one. */
export function scoreColor(theme: GrafanaTheme2, score: number | null): string {
  return score === null ? noScoreColor(theme) : redYellowGreen(theme, score / 100);
}
