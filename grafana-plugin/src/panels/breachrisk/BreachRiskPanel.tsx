import type { PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useEffect, useMemo } from 'react';

import { NoData } from '../shared/NoData';
import { withDefaults } from '../shared/options';
import { countFormatter, fieldFormatter } from '../shared/format';
import { ClockRow } from './ClockRow';
import { VirtualList } from './VirtualList';
import { readClocks, summarize, type Clock } from './clocks';
import { gridTemplate, visibleColumns } from './columns';
import { markRenderStart, markRendered } from './renderTiming';
import {
  HEADER_HEIGHT,
  ROW_HEIGHT,
  SUMMARY_HEIGHT,
  getBreachRiskStyles,
  type BreachRiskStyles,
} from './styles';
import { ticketLink } from './ticketUrl';
import { defaultBreachRiskOptions, type BreachRiskOptions } from './types';
import { useNow } from './useNow';

function useClockModel(series: PanelProps['data']['series']) {
  return useMemo(() => {
    markRenderStart();
    const receivedAt = Date.now();
    return { receivedAt, ...readClocks(series, receivedAt) };
  }, [series]);
}

/** Links are built lazily, once per clock, for the rows that scroll into view. */
function useTicketLinks(
  clocks: readonly Clock[],
  template: string,
  interpolate: (value: string) => string,
): (clock: Clock) => string | null {
  const cache = useMemo(() => new Map<string, string | null>(), [clocks, template, interpolate]);
  return (clock) => {
    if (!cache.has(clock.key)) cache.set(clock.key, ticketLink(template, clock, interpolate));
    return cache.get(clock.key) ?? null;
  };
}

function Summary({
  clocks,
  nowMs,
  styles,
}: {
  clocks: Clock[];
  nowMs: number;
  styles: BreachRiskStyles;
}) {
  const theme = useTheme2();
  const count = useMemo(() => countFormatter(theme), [theme]);
  const summary = summarize(clocks, nowMs);
  return (
    <div className={styles.summary} data-testid="deskpulse-breachrisk-summary">
      {count(summary.open)} open clocks · {count(summary.breached)} breached ·{' '}
      {count(summary.warning)} at warning · {count(summary.paused)} paused
    </div>
  );
}

export function BreachRiskPanel(props: PanelProps<BreachRiskOptions>) {
  const { data, width, height, replaceVariables, timeZone } = props;
  const options = withDefaults(props.options, defaultBreachRiskOptions);
  const theme = useTheme2();
  const styles = useStyles2(getBreachRiskStyles);
  const model = useClockModel(data.series);
  useEffect(() => {
    markRendered();
  }, [model]);
  const ticking = model.clocks.some((clock) => !clock.paused && clock.deadline !== null);
  const tick = useNow(ticking);
  // The last tick may predate the data; never show a time before it arrived.
  const nowMs = Math.max(tick, model.receivedAt);
  const linkOf = useTicketLinks(model.clocks, options.ticketUrl, replaceVariables);
  const formatProbability = useMemo(
    () =>
      model.probabilityField === undefined
        ? undefined
        : fieldFormatter(theme, model.probabilityField, 'percentunit'),
    [theme, model.probabilityField],
  );
  if (model.clocks.length === 0) return <NoData panel="breachrisk" />;

  const columns = visibleColumns(width, formatProbability !== undefined);
  const gridTemplateColumns = gridTemplate(columns);
  const listHeight = Math.max(
    ROW_HEIGHT,
    height - HEADER_HEIGHT - (options.showSummary ? SUMMARY_HEIGHT : 0),
  );
  const soonMs = Math.max(0, options.soonMinutes) * 60_000;
  return (
    <div
      className={styles.root}
      style={{ width, height }}
      role="table"
      aria-rowcount={model.clocks.length + 1}
      data-testid="deskpulse-breachrisk-panel"
    >
      {options.showSummary && <Summary clocks={model.clocks} nowMs={nowMs} styles={styles} />}
      <div
        className={styles.header}
        style={{ gridTemplateColumns }}
        role="row"
        aria-rowindex={1}
        data-testid="deskpulse-breachrisk-header"
      >
        {columns.map((column) => (
          <div
            key={column.id}
            className={styles.cell}
            role="columnheader"
            data-testid={`deskpulse-breachrisk-${column.id}-header`}
          >
            {column.title}
          </div>
        ))}
      </div>
      <VirtualList
        count={model.clocks.length}
        rowHeight={ROW_HEIGHT}
        height={listHeight}
        testId="deskpulse-breachrisk-list"
        ariaLabel="Open SLA clocks by time left"
        renderRow={(index, style) => {
          const clock = model.clocks[index];
          if (clock === undefined) return null;
          return (
            <ClockRow
              key={clock.key}
              clock={clock}
              index={index}
              nowMs={nowMs}
              soonMs={soonMs}
              columns={columns}
              gridTemplateColumns={gridTemplateColumns}
              link={linkOf(clock)}
              formatProbability={formatProbability}
              timeZone={timeZone}
              styles={styles}
              style={style}
            />
          );
        }}
      />
    </div>
  );
}
