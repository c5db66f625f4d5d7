import { css, cx } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import { NoData } from '../shared/NoData';
import { withDefaults } from '../shared/options';
import { countFormatter, unitFormatter, type Formatter } from '../shared/format';
import {
  barFraction,
  budgetFraction,
  metricTitle,
  readAttainment,
  type AttainmentRow,
  type AttainmentStatus,
  type BudgetStatus,
} from './attainment';
import { defaultAttainmentOptions, type AttainmentOptions } from './types';

const NARROW_WIDTH = 560;

interface Formatters {
  pct: Formatter;
  target: Formatter;
  count: Formatter;
  allowed: Formatter;
}

function statusColor(theme: GrafanaTheme2, status: AttainmentStatus): string {
  if (status === 'met') return theme.visualization.getColorByName('green');
  if (status === 'missed') return theme.visualization.getColorByName('red');
  return theme.colors.primary.main;
}

function budgetColor(theme: GrafanaTheme2, status: BudgetStatus): string {
  if (status === 'overspent') return theme.visualization.getColorByName('red');
  if (status === 'low') return theme.visualization.getColorByName('orange');
  return theme.visualization.getColorByName('green');
}

export function AttainmentPanel(props: PanelProps<AttainmentOptions>) {
  const { data, width, height } = props;
  const options = withDefaults(props.options, defaultAttainmentOptions);
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const rows = useMemo(() => readAttainment(data.series), [data.series]);
  const formatters = useMemo<Formatters>(
    () => ({
      pct: unitFormatter(theme, 'percent', 1),
      target: unitFormatter(theme, 'percent'),
      count: countFormatter(theme),
      allowed: unitFormatter(theme, 'locale', 1),
    }),
    [theme],
  );
  if (rows.length === 0) return <NoData panel="attainment" />;
  const narrow = width < NARROW_WIDTH;
  const title = metricTitle(rows, options.metricLabel);
  return (
    <div className={styles.root} style={{ width, height }} data-testid="deskpulse-attainment-panel">
      {title !== '' && (
        <div className={styles.title} data-testid="deskpulse-attainment-metric">
          {title}
        </div>
      )}
      <div className={styles.rows}>
        {rows.map((row) => (
          <PriorityRow
            key={`${row.priority}|${row.metric ?? ''}`}
            row={row}
            options={options}
            formatters={formatters}
            narrow={narrow}
          />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  row: AttainmentRow;
  options: AttainmentOptions;
  formatters: Formatters;
  /** Stack counts and budget under the bar instead of beside it. */
  narrow: boolean;
}

function PriorityRow({ row, options, formatters, narrow }: RowProps) {
  const styles = useStyles2(getStyles);
  const stacked = narrow ? styles.stacked : undefined;
  return (
    <div
      className={narrow ? styles.rowNarrow : styles.row}
      data-testid="deskpulse-attainment-row"
      data-priority={row.priority}
      data-status={row.status}
    >
      <div className={styles.priority}>{row.priority}</div>
      <AttainmentBar row={row} scaleMin={options.scaleMin} formatters={formatters} />
      <div className={cx(styles.counts, stacked)} data-testid="deskpulse-attainment-counts">
        {formatters.count(row.measured)} measured · {formatters.count(row.breached)} breached
      </div>
      {options.showBudget && <BudgetBar row={row} formatters={formatters} className={stacked} />}
    </div>
  );
}

interface BarProps {
  row: AttainmentRow;
  scaleMin: number;
  formatters: Formatters;
}

function AttainmentBar({ row, scaleMin, formatters }: BarProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const fill = row.attainmentPct === null ? 0 : barFraction(row.attainmentPct, scaleMin);
  return (
    <div className={styles.cell}>
      <div
        className={styles.track}
        role="meter"
        aria-label={`${row.priority} attainment`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={row.attainmentPct ?? undefined}
      >
        <div
          className={styles.fill}
          style={{ width: `${fill * 100}%`, background: statusColor(theme, row.status) }}
        />
        {row.targetPct !== null && (
          <div
            className={styles.marker}
            style={{ left: `${barFraction(row.targetPct, scaleMin) * 100}%` }}
            title={`target ${formatters.target(row.targetPct)}`}
            data-testid="deskpulse-attainment-marker"
          />
        )}
      </div>
      <div className={styles.caption}>
        <span
          className={row.status === 'missed' ? styles.bad : styles.value}
          data-testid="deskpulse-attainment-value"
        >
          {row.attainmentPct === null ? 'nothing measured' : formatters.pct(row.attainmentPct)}
        </span>
        <span className={styles.muted} data-testid="deskpulse-attainment-target">
          {row.targetPct === null ? 'no target' : `target ${formatters.target(row.targetPct)}`}
        </span>
      </div>
    </div>
  );
}

function budgetText(row: AttainmentRow, formatters: Formatters): string {
  const remaining = row.budgetRemainingPct;
  if (remaining === null) return row.targetPct === null ? 'no target' : 'no budget';
  if (remaining < 0) return `overspent by ${formatters.target(-remaining)}`;
  return `${formatters.target(remaining)} budget left`;
}

interface BudgetProps {
  row: AttainmentRow;
  formatters: Formatters;
  className: string | undefined;
}

function BudgetBar({ row, formatters, className }: BudgetProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const overspent = row.budget === 'overspent';
  return (
    <div
      className={cx(styles.cell, className)}
      data-testid="deskpulse-attainment-budget"
      data-budget-status={row.budget}
    >
      <div className={styles.track} aria-label={`${row.priority} error budget`}>
        {row.budget !== 'none' && (
          <div
            className={styles.fill}
            style={{
              width: overspent ? '100%' : `${budgetFraction(row.budgetRemainingPct) * 100}%`,
              background: budgetColor(theme, row.budget),
            }}
          />
        )}
      </div>
      <div className={styles.caption}>
        <span className={overspent ? styles.bad : styles.value}>{budgetText(row, formatters)}</span>
        {row.breachesAllowed !== null && (
          <span className={styles.muted} data-testid="deskpulse-attainment-budget-used">
            {formatters.count(row.breached)} of {formatters.allowed(row.breachesAllowed)} breaches
            used
          </span>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ overflow: 'auto', padding: theme.spacing(0.5) }),
  title: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(1),
  }),
  rows: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  // Every row is its own grid; fr-only tracks keep the columns aligned across rows.
  row: css({
    display: 'grid',
    gridTemplateColumns:
      'minmax(56px, 0.5fr) minmax(160px, 2fr) minmax(120px, 1fr) minmax(180px, 2fr)',
    columnGap: theme.spacing(2),
    alignItems: 'center',
  }),
  rowNarrow: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(48px, 0.25fr) 1fr',
    columnGap: theme.spacing(1),
    rowGap: theme.spacing(0.5),
    alignItems: 'center',
  }),
  priority: css({ fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap' }),
  cell: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), minWidth: 0 }),
  track: css({
    position: 'relative',
    height: theme.spacing(1.5),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
  }),
  fill: css({ height: '100%', borderRadius: theme.shape.radius.default }),
  marker: css({
    position: 'absolute',
    top: -3,
    bottom: -3,
    width: 2,
    marginLeft: -1,
    background: theme.colors.text.primary,
  }),
  caption: css({
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
  value: css({ color: theme.colors.text.primary }),
  bad: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  muted: css({ color: theme.colors.text.secondary, overflow: 'hidden', textOverflow: 'ellipsis' }),
  stacked: css({ gridColumn: 2 }),
  counts: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
