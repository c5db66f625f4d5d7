import { useState, type CSSProperties, type ReactNode } from 'react';

import { visibleRange } from './windowing';

interface Props {
  count: number;
  rowHeight: number;
  height: number;
  /** Rows rendered beyond the viewport either side, so fast scrolling shows no gaps. */
  overscan?: number;
  className?: string;
  testId?: string;
  ariaLabel?: string;
  renderRow: (index: number, style: CSSProperties) => ReactNode;
}

/** A fixed-row-height windowed list: only the rows in view are in the DOM. */
export function VirtualList({
  count,
  rowHeight,
  height,
  overscan = 8,
  className,
  testId,
  ariaLabel,
  renderRow,
}: Props) {
  const [scrollTop, setScrollTop] = useState(0);
  const { start, end } = visibleRange(scrollTop, height, rowHeight, count, overscan);
  const rows: ReactNode[] = [];
  for (let index = start; index < end; index += 1) {
    rows.push(
      renderRow(index, {
        position: 'absolute',
        top: index * rowHeight,
        left: 0,
        right: 0,
        height: rowHeight,
      }),
    );
  }
  return (
    <div
      className={className}
      style={{ height, overflowY: 'auto', position: 'relative' }}
      onScroll={(event) => {
        setScrollTop(event.currentTarget.scrollTop);
      }}
      // Focusable so the list scrolls with the keyboard.
      tabIndex={0}
      role="rowgroup"
      aria-label={ariaLabel}
      data-testid={testId}
    >
      <div style={{ height: count * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
