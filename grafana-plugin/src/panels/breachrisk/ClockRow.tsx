import { cx } from '@emotion/css';
import { dateTimeFormat } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import type { CSSProperties, ReactNode } from 'react';

import { humanize, type Formatter } from '../shared/format';
import { formatCountdown, secondsLeft, urgencyAt, type Clock } from './clocks';
import type { Column, ColumnId } from './columns';
import type { BreachRiskStyles } from './styles';

export interface ClockRowProps {
  clock: Clock;
  index: number;
  nowMs: number;
  soonMs: number;
  columns: readonly Column[];
  gridTemplateColumns: string;
  link: string | null;
  formatProbability: Formatter | undefined;
  timeZone: TimeZone;
  styles: BreachRiskStyles;
  style: CSSProperties;
}

function metricText(clock: Clock): string {
  const name = humanize(clock.metric);
  return clock.cycle !== null && clock.cycle > 1 ? `${name} (cycle ${clock.cycle})` : name;
}

function Countdown({ clock, nowMs, soonMs, timeZone, styles }: ClockRowProps) {
  const seconds = secondsLeft(clock, nowMs);
  const urgency = urgencyAt(clock, nowMs, soonMs);
  const title =
    clock.deadline === null || clock.paused
      ? undefined
      : `breach ${dateTimeFormat(clock.deadline, { timeZone })}`;
  return (
    <span
      className={cx(styles.countdown, styles.urgencyText[urgency])}
      title={title}
      data-testid="deskpulse-breachrisk-countdown"
      data-seconds-left={seconds ?? undefined}
      data-urgency={urgency}
    >
      <span className={cx(styles.dot, styles.urgencyDot[urgency])} aria-hidden />
      {clock.paused && <span>paused</span>}
      {seconds !== null && (
        <span className={clock.paused ? styles.muted : undefined}>{formatCountdown(seconds)}</span>
      )}
    </span>
  );
}

function TicketCell({ clock, link, styles }: ClockRowProps) {
  if (link === null) return <span data-testid="deskpulse-breachrisk-ticket">{clock.ticketId}</span>;
  return (
    <a
      className={styles.link}
      href={link}
      target="_blank"
      rel="noopener noreferrer"
      data-testid="deskpulse-breachrisk-ticket"
    >
      {clock.ticketId}
    </a>
  );
}

function cellContent(id: ColumnId, props: ClockRowProps): ReactNode {
  const { clock, formatProbability } = props;
  switch (id) {
    case 'ticket':
      return <TicketCell {...props} />;
    case 'metric':
      return metricText(clock);
    case 'priority':
      return clock.priority;
    case 'queue':
      return clock.queue;
    case 'state':
      return clock.state;
    case 'left':
      return <Countdown {...props} />;
    case 'probability':
      return (
        <span data-testid="deskpulse-breachrisk-probability">
          {formatProbability?.(clock.probability) ?? ''}
        </span>
      );
  }
}

/** One open clock; re-rendered every tick while it is in view. */
export function ClockRow(props: ClockRowProps) {
  const { clock, index, nowMs, soonMs, columns, gridTemplateColumns, styles, style } = props;
  const urgency = urgencyAt(clock, nowMs, soonMs);
  return (
    <div
      className={cx(styles.row, styles.urgencyEdge[urgency])}
      style={{ ...style, gridTemplateColumns }}
      role="row"
      aria-rowindex={index + 2}
      data-testid="deskpulse-breachrisk-row"
      data-index={index}
      data-ticket-id={clock.ticketId}
      data-metric={clock.metric}
      data-state={clock.state}
      data-urgency={urgency}
    >
      {columns.map((column) => (
        <div key={column.id} className={styles.cell} role="cell">
          {cellContent(column.id, props)}
        </div>
      ))}
    </div>
  );
}
