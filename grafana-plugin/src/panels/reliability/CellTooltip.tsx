import { css } from '@emotion/css';
import type { DataFrame, GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { CSSProperties } from 'react';

import { fieldFormatter, humanize, unitFormatter } from '../shared/format';
import { entityInputs, type EntityCell } from './entities';

interface Props {
  frame: DataFrame;
  cell: EntityCell;
  entityField: string | undefined;
  style: CSSProperties;
}

/** The entity's score, or why it has none, and every numeric input of its row. */
export function CellTooltip({ frame, cell, entityField, style }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const score = unitFormatter(theme, 'none', 1);
  return (
    <div
      className={styles.tooltip}
      style={style}
      role="tooltip"
      data-testid="deskpulse-reliability-tooltip"
    >
      <div className={styles.title}>
        {entityField !== undefined && (
          <span className={styles.muted}>{humanize(entityField)} </span>
        )}
        {cell.label}
      </div>
      <div data-testid="deskpulse-reliability-tooltip-score">
        {cell.score === null
          ? `no score${cell.reason === null ? '' : `: ${cell.reason}`}`
          : `score ${score(cell.score)}`}
      </div>
      <table className={styles.inputs}>
        <tbody>
          {entityInputs(frame, cell.row).map((input) => (
            <tr
              key={input.field.name}
              data-testid="deskpulse-reliability-tooltip-input"
              data-name={input.field.name}
            >
              <th scope="row">{humanize(input.name)}</th>
              <td>{fieldFormatter(theme, input.field)(input.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    position: 'absolute',
    zIndex: theme.zIndex.tooltip,
    maxWidth: 320,
    padding: theme.spacing(1),
    background: theme.components.tooltip.background,
    color: theme.components.tooltip.text,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
    fontSize: theme.typography.bodySmall.fontSize,
    pointerEvents: 'none',
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5) }),
  muted: css({
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightRegular,
  }),
  inputs: css({
    marginTop: theme.spacing(0.5),
    borderCollapse: 'collapse',
    th: {
      textAlign: 'left',
      fontWeight: theme.typography.fontWeightRegular,
      color: theme.colors.text.secondary,
      paddingRight: theme.spacing(1.5),
    },
    td: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  }),
});
