import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import { clamp, redYellowGreen } from '../shared/colors';
import { NoData } from '../shared/NoData';
import { withDefaults } from '../shared/options';
import { countFormatter, unitFormatter, type Formatter } from '../shared/format';
import { readSatisfaction, type SatisfactionSummary, type ScoreBar } from './satisfaction';
import { defaultSatisfactionOptions, type SatisfactionOptions } from './types';

/** Position of a 1–5 score on the red → green scale. */
function scoreFraction(score: number): number {
  return (score - 1) / 4;
}

interface Formatters {
  pct: Formatter;
  count: Formatter;
}

export function SatisfactionPanel(props: PanelProps<SatisfactionOptions>) {
  const { data, width, height } = props;
  const options = withDefaults(props.options, defaultSatisfactionOptions);
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { summary, distribution } = useMemo(() => readSatisfaction(data.series), [data.series]);
  const formatters = useMemo<Formatters>(
    () => ({ pct: unitFormatter(theme, 'percent', 1), count: countFormatter(theme) }),
    [theme],
  );
  if (summary === null && distribution === null) return <NoData panel="satisfaction" />;
  const scoreSize = clamp(Math.min(width, height) / 4, 24, 64);
  return (
    <div
      className={styles.root}
      style={{ width, height }}
      data-testid="deskpulse-satisfaction-panel"
    >
      {summary !== null && (
        <Summary
          summary={summary}
          options={options}
          formatters={formatters}
          scoreSize={scoreSize}
        />
      )}
      {options.showDistribution && distribution !== null && (
        <Distribution bars={distribution} formatters={formatters} />
      )}
    </div>
  );
}

interface SummaryProps {
  summary: SatisfactionSummary;
  options: SatisfactionOptions;
  formatters: Formatters;
  scoreSize: number;
}

function Summary({ summary, options, formatters, scoreSize }: SummaryProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { avgScore } = summary;
  return (
    <div className={styles.summary}>
      <div
        className={styles.score}
        style={{ fontSize: scoreSize }}
        data-testid="deskpulse-satisfaction-score"
        data-value={avgScore ?? undefined}
      >
        <span
          className={styles.scoreDot}
          style={{
            background:
              avgScore === null
                ? theme.colors.border.strong
                : redYellowGreen(theme, scoreFraction(avgScore)),
          }}
          aria-hidden
        />
        {avgScore === null ? '–' : avgScore.toFixed(1)}
        <span className={styles.outOf}>/ 5</span>
      </div>
      <Stat label="satisfied" value={formatters.pct(summary.pctSatisfied)} testId="pct" />
      {summary.solved !== null && (
        <Stat
          label="response rate"
          value={formatters.pct(summary.responseRate)}
          testId="response-rate"
        />
      )}
      <div className={styles.muted} data-testid="deskpulse-satisfaction-counts">
        {formatters.count(summary.rated)} ratings
        {summary.solved !== null && ` of ${formatters.count(summary.solved)} solved`}
      </div>
      {options.showResolution && summary.solved !== null && (
        <>
          <Stat
            label="first contact"
            value={formatters.pct(summary.firstContactPct)}
            testId="first-contact"
          />
          <Stat label="reopened" value={formatters.pct(summary.reopenPct)} testId="reopen" />
        </>
      )}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.stat}>
      <span className={styles.statValue} data-testid={`deskpulse-satisfaction-${testId}`}>
        {value}
      </span>
      <span className={styles.muted}>{label}</span>
    </div>
  );
}

function Distribution({ bars, formatters }: { bars: ScoreBar[]; formatters: Formatters }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const largest = Math.max(...bars.map((bar) => bar.share));
  return (
    <div
      className={styles.distribution}
      role="list"
      aria-label="Responses per score"
      data-testid="deskpulse-satisfaction-distribution"
    >
      {[...bars].reverse().map((bar) => (
        <div
          key={bar.score}
          className={styles.barRow}
          role="listitem"
          data-testid="deskpulse-satisfaction-bar"
          data-score={bar.score}
          data-responses={bar.responses}
        >
          <span className={styles.barLabel}>{bar.score}</span>
          <div className={styles.track}>
            <div
              className={styles.fill}
              style={{
                width: `${largest > 0 ? (bar.share / largest) * 100 : 0}%`,
                background: redYellowGreen(theme, scoreFraction(bar.score)),
              }}
            />
          </div>
          <span className={styles.barValue}>
            {formatters.count(bar.responses)}{' '}
            <span className={styles.muted}>({formatters.pct(bar.share * 100)})</span>
          </span>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    overflow: 'auto',
    padding: theme.spacing(0.5),
  }),
  summary: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 150,
  }),
  score: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: 1.1,
    color: theme.colors.text.primary,
  }),
  scoreDot: css({
    alignSelf: 'center',
    width: '0.4em',
    height: '0.4em',
    borderRadius: theme.shape.radius.circle,
  }),
  outOf: css({ fontSize: '0.4em', color: theme.colors.text.secondary }),
  stat: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(1) }),
  statValue: css({
    fontSize: theme.typography.h4.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  distribution: css({
    flex: '1 1 220px',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 200,
  }),
  barRow: css({
    display: 'grid',
    gridTemplateColumns: '1.5em 1fr minmax(88px, max-content)',
    alignItems: 'center',
    gap: theme.spacing(1),
  }),
  barLabel: css({ textAlign: 'right', color: theme.colors.text.secondary }),
  track: css({
    height: theme.spacing(1.5),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  fill: css({ height: '100%', borderRadius: theme.shape.radius.default }),
  barValue: css({ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }),
});
