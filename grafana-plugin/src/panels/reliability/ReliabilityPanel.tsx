import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo, useState, type CSSProperties } from 'react';

import { clamp, noScoreColor, redYellowGreen, scoreColor } from '../shared/colors';
import { countFormatter } from '../shared/format';
import { NoData } from '../shared/NoData';
import { withDefaults } from '../shared/options';
import { CellTooltip } from './CellTooltip';
import { readEntities, selectCells, type EntityCell } from './entities';
import { fitLabel, hexPath, honeycomb, type Point } from './honeycomb';
import { defaultReliabilityOptions, type ReliabilityOptions } from './types';

const LEGEND_HEIGHT = 28;
const NOTE_HEIGHT = 20;
const TOOLTIP_WIDTH = 320;
/** Cells this large show name and score; smaller ones the score only; tiny ones nothing. */
const LABEL_RADIUS = 24;
const SCORE_RADIUS = 14;

interface Hovered {
  cell: EntityCell;
  center: Point;
}

function tooltipStyle(center: Point, radius: number, width: number, height: number): CSSProperties {
  const top = clamp(center.y - radius, 0, Math.max(0, height - 160));
  return center.x < width / 2
    ? { top, left: Math.min(center.x + radius + 8, Math.max(0, width - TOOLTIP_WIDTH)) }
    : { top, right: Math.min(width - center.x + radius + 8, Math.max(0, width - TOOLTIP_WIDTH)) };
}

export function ReliabilityPanel(props: PanelProps<ReliabilityOptions>) {
  const { data, width, height } = props;
  const options = withDefaults(props.options, defaultReliabilityOptions);
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const entities = useMemo(() => readEntities(data.series), [data.series]);
  const cells = useMemo(
    () => selectCells(entities.cells, options.sort, options.maxCells),
    [entities.cells, options.sort, options.maxCells],
  );
  const truncated = cells.length < entities.cells.length;
  const gridHeight = Math.max(
    0,
    height - (options.showLegend ? LEGEND_HEIGHT : 0) - (truncated ? NOTE_HEIGHT : 0),
  );
  const layout = useMemo(
    () => honeycomb(cells.length, width, gridHeight),
    [cells.length, width, gridHeight],
  );
  if (entities.frame === undefined || cells.length === 0) return <NoData panel="reliability" />;
  const { frame } = entities;
  const count = countFormatter(theme);
  return (
    <div
      className={styles.root}
      style={{ width, height }}
      data-testid="deskpulse-reliability-panel"
    >
      <svg
        width={width}
        height={gridHeight}
        role="group"
        aria-label="Reliability scores"
        data-testid="deskpulse-reliability-honeycomb"
      >
        {cells.map((cell, i) => {
          const center = layout.centers[i];
          if (center === undefined) return null;
          return (
            <HexCell
              key={`${cell.row}`}
              cell={cell}
              center={center}
              radius={layout.radius}
              showLabels={options.showLabels}
              onHover={setHovered}
            />
          );
        })}
      </svg>
      {hovered !== null && (
        <CellTooltip
          frame={frame}
          cell={hovered.cell}
          entityField={entities.entityField}
          style={tooltipStyle(hovered.center, layout.radius, width, gridHeight)}
        />
      )}
      {truncated && (
        <div className={styles.note} data-testid="deskpulse-reliability-truncated">
          Showing {count(cells.length)} of {count(entities.cells.length)}
        </div>
      )}
      {options.showLegend && <Legend />}
    </div>
  );
}

interface CellProps {
  cell: EntityCell;
  center: Point;
  radius: number;
  showLabels: boolean;
  onHover: (hovered: Hovered | null) => void;
}

function HexCell({ cell, center, radius, showLabels, onHover }: CellProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const fill = scoreColor(theme, cell.score);
  const ink = theme.colors.getContrastText(fill);
  const fontSize = clamp(radius / 3.2, 9, 14);
  const scoreText = cell.score === null ? '–' : cell.score.toFixed(0);
  const show = () => {
    onHover({ cell, center });
  };
  const hide = () => {
    onHover(null);
  };
  return (
    <g
      className={styles.cell}
      tabIndex={0}
      role="img"
      aria-label={`${cell.label}: ${cell.score === null ? 'no score' : `score ${scoreText}`}`}
      data-testid="deskpulse-reliability-cell"
      data-label={cell.label}
      data-score={cell.score ?? undefined}
      onMouseEnter={show}
      onMouseLeave={hide}
      onFocus={show}
      onBlur={hide}
    >
      <path
        d={hexPath(center, radius * 0.94)}
        fill={fill}
        stroke={cell.score === null ? theme.colors.border.strong : 'none'}
        strokeDasharray={cell.score === null ? '4 3' : undefined}
      />
      {showLabels && radius >= LABEL_RADIUS && (
        <text
          x={center.x}
          y={center.y - fontSize * 0.2}
          fill={ink}
          fontSize={fontSize}
          textAnchor="middle"
        >
          {fitLabel(cell.label, radius * 1.5, fontSize)}
        </text>
      )}
      {showLabels && radius >= SCORE_RADIUS && (
        <text
          x={center.x}
          y={radius >= LABEL_RADIUS ? center.y + fontSize * 1.1 : center.y + fontSize * 0.35}
          fill={ink}
          fontSize={fontSize}
          fontWeight={theme.typography.fontWeightMedium}
          textAnchor="middle"
        >
          {scoreText}
        </text>
      )}
    </g>
  );
}

function Legend() {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const gradient = [0, 0.25, 0.5, 0.75, 1].map((t) => redYellowGreen(theme, t)).join(', ');
  return (
    <div className={styles.legend} data-testid="deskpulse-reliability-legend">
      <span>0</span>
      <span
        className={styles.gradient}
        style={{ background: `linear-gradient(to right, ${gradient})` }}
      />
      <span>100</span>
      <span className={styles.swatch} style={{ background: noScoreColor(theme) }} />
      <span>no score</span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ position: 'relative', overflow: 'hidden' }),
  cell: css({
    cursor: 'default',
    outline: 'none',
    '&:focus-visible path, &:hover path': {
      stroke: theme.colors.text.primary,
      strokeWidth: 2,
      strokeDasharray: 'none',
    },
  }),
  note: css({
    height: NOTE_HEIGHT,
    lineHeight: `${NOTE_HEIGHT}px`,
    textAlign: 'center',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  legend: css({
    height: LEGEND_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  gradient: css({ width: 120, height: 8, borderRadius: theme.shape.radius.default }),
  swatch: css({
    width: 12,
    height: 12,
    marginLeft: theme.spacing(1),
    border: `1px dashed ${theme.colors.border.strong}`,
    borderRadius: theme.shape.radius.default,
  }),
});
