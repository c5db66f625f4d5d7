import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

import type { Urgency } from './clocks';

export const ROW_HEIGHT = 28;
export const HEADER_HEIGHT = 28;
export const SUMMARY_HEIGHT = 24;

function byUrgency(make: (urgency: Urgency) => string): Record<Urgency, string> {
  const levels: Urgency[] = ['breached', 'warning', 'soon', 'ok', 'paused', 'unknown'];
  return Object.fromEntries(levels.map((level) => [level, make(level)])) as Record<Urgency, string>;
}

/** Dot and edge colours come from the palette; text colours from the theme's legible text tones. */
function urgencyColor(theme: GrafanaTheme2, urgency: Urgency): string {
  switch (urgency) {
    case 'breached':
      return theme.visualization.getColorByName('red');
    case 'warning':
      return theme.visualization.getColorByName('orange');
    case 'soon':
      return theme.visualization.getColorByName('yellow');
    case 'ok':
      return theme.visualization.getColorByName('green');
    case 'paused':
    case 'unknown':
      return theme.colors.border.strong;
  }
}

function urgencyTextColor(theme: GrafanaTheme2, urgency: Urgency): string {
  if (urgency === 'breached') return theme.colors.error.text;
  if (urgency === 'warning') return theme.colors.warning.text;
  if (urgency === 'paused' || urgency === 'unknown') return theme.colors.text.secondary;
  return theme.colors.text.primary;
}

export const getBreachRiskStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  summary: css({
    height: SUMMARY_HEIGHT,
    lineHeight: `${SUMMARY_HEIGHT}px`,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  header: css({
    display: 'grid',
    height: HEADER_HEIGHT,
    alignItems: 'center',
    columnGap: theme.spacing(1),
    padding: theme.spacing(0, 1),
    borderBottom: `1px solid ${theme.colors.border.medium}`,
    borderLeft: '3px solid transparent',
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightMedium,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  row: css({
    display: 'grid',
    alignItems: 'center',
    columnGap: theme.spacing(1),
    padding: theme.spacing(0, 1),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    borderLeft: '3px solid transparent',
    '&:hover': { background: theme.colors.action.hover },
  }),
  cell: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  link: css({
    color: theme.colors.text.link,
    textDecoration: 'none',
    '&:hover': { textDecoration: 'underline' },
  }),
  countdown: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    fontVariantNumeric: 'tabular-nums',
  }),
  dot: css({
    flex: 'none',
    width: 8,
    height: 8,
    borderRadius: theme.shape.radius.circle,
  }),
  muted: css({ color: theme.colors.text.secondary }),
  urgencyText: byUrgency((urgency) =>
    css({
      color: urgencyTextColor(theme, urgency),
      fontWeight:
        urgency === 'breached'
          ? theme.typography.fontWeightBold
          : theme.typography.fontWeightRegular,
    }),
  ),
  urgencyDot: byUrgency((urgency) => css({ background: urgencyColor(theme, urgency) })),
  urgencyEdge: byUrgency((urgency) =>
    css({ borderLeftColor: urgency === 'ok' ? 'transparent' : urgencyColor(theme, urgency) }),
  ),
});

export type BreachRiskStyles = ReturnType<typeof getBreachRiskStyles>;
