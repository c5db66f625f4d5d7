export type ColumnId =
  'ticket' | 'metric' | 'priority' | 'queue' | 'state' | 'left' | 'probability';

export interface Column {
  id: ColumnId;
  title: string;
  /** CSS grid track. */
  track: string;
  /** Narrower panels drop the column. */
  minPanelWidth: number;
}

const COLUMNS: readonly Column[] = [
  { id: 'ticket', title: 'Ticket', track: 'minmax(72px, 1.2fr)', minPanelWidth: 0 },
  { id: 'metric', title: 'Metric', track: 'minmax(80px, 1fr)', minPanelWidth: 380 },
  { id: 'priority', title: 'Priority', track: 'minmax(52px, 0.6fr)', minPanelWidth: 0 },
  { id: 'queue', title: 'Queue', track: 'minmax(72px, 1fr)', minPanelWidth: 560 },
  { id: 'state', title: 'State', track: 'minmax(60px, 0.6fr)', minPanelWidth: 460 },
  { id: 'left', title: 'Time left', track: 'minmax(120px, 1fr)', minPanelWidth: 0 },
  { id: 'probability', title: 'Risk', track: 'minmax(56px, 0.5fr)', minPanelWidth: 0 },
];

/** The columns that fit `panelWidth`; probability only when the data has any. */
export function visibleColumns(panelWidth: number, showProbability: boolean): Column[] {
  return COLUMNS.filter(
    (column) =>
      panelWidth >= column.minPanelWidth && (column.id !== 'probability' || showProbability),
  );
}

export function gridTemplate(columns: readonly Column[]): string {
  return columns.map((column) => column.track).join(' ');
}
