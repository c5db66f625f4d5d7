/** worst: lowest score first; best: highest first; label: by entity name. Unscored entities go last. */
export type CellSort = 'worst' | 'best' | 'label';

export interface ReliabilityOptions {
  /** At most this many cells, after sorting. */
  maxCells: number;
  sort: CellSort;
  /** Entity name and score inside cells large enough to hold them. */
  showLabels: boolean;
  showLegend: boolean;
}

export const defaultReliabilityOptions: ReliabilityOptions = {
  maxCells: 200,
  sort: 'worst',
  showLabels: true,
  showLegend: true,
};
