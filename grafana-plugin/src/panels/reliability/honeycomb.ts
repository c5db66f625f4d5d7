export interface Point {
  x: number;
  y: number;
}

export interface HexLayout {
  /** Centre-to-corner radius of every cell. */
  radius: number;
  columns: number;
  centers: Point[];
}

const SQRT3 = Math.sqrt(3);

/** The largest radius at which `count` cells in `columns` columns fit the box. */
function radiusFor(count: number, columns: number, width: number, height: number): number {
  const rows = Math.ceil(count / columns);
  // Odd rows shift by half a cell, so more than one row is half a cell wider.
  const widthInCells = columns + (rows > 1 ? 0.5 : 0);
  const byWidth = width / (SQRT3 * widthInCells);
  const byHeight = height / (2 + 1.5 * (rows - 1));
  return Math.min(byWidth, byHeight);
}

/**
 * Pointy-top hexagons packed row by row, with the column count that gives the
 * largest cells for the box, centred, and never larger than `maxRadius`.
 */
export function honeycomb(count: number, width: number, height: number, maxRadius = 56): HexLayout {
  if (count <= 0 || width <= 0 || height <= 0) return { radius: 0, columns: 0, centers: [] };
  let columns = 1;
  let best = 0;
  for (let candidate = 1; candidate <= count; candidate += 1) {
    const radius = radiusFor(count, candidate, width, height);
    if (radius > best) {
      best = radius;
      columns = candidate;
    }
  }
  const radius = Math.min(best, maxRadius);
  const rows = Math.ceil(count / columns);
  const cellWidth = SQRT3 * radius;
  const gridWidth = cellWidth * (Math.min(columns, count) + (rows > 1 ? 0.5 : 0));
  const gridHeight = radius * (2 + 1.5 * (rows - 1));
  const left = (width - gridWidth) / 2;
  const top = (height - gridHeight) / 2;
  const centers = Array.from({ length: count }, (_, i) => {
    const row = Math.floor(i / columns);
    const column = i % columns;
    return {
      x: left + cellWidth / 2 + column * cellWidth + (row % 2 === 1 ? cellWidth / 2 : 0),
      y: top + radius + row * 1.5 * radius,
    };
  });
  return { radius, columns, centers };
}

/** SVG path of a pointy-top hexagon. */
export function hexPath({ x, y }: Point, radius: number): string {
  const corners = Array.from({ length: 6 }, (_, k) => {
    const angle = (Math.PI / 180) * (60 * k - 90);
    return `${(x + radius * Math.cos(angle)).toFixed(2)},${(y + radius * Math.sin(angle)).toFixed(2)}`;
  });
  return `M${corners.join('L')}Z`;
}

/** Cuts a label to about what fits `width` pixels at `fontSize`. */
export function fitLabel(label: string, width: number, fontSize: number): string {
  const chars = Math.max(1, Math.floor(width / (fontSize * 0.6)));
  return label.length <= chars ? label : `${label.slice(0, Math.max(1, chars - 1))}…`;
}
