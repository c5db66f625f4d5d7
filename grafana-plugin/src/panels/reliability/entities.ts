import { FieldType, type DataFrame, type Field } from '@grafana/data';

import {
  columnValues,
  frameLength,
  numberColumn,
  pickFrame,
  textColumn,
  toNumber,
} from '../shared/frames';
import type { CellSort } from './types';

export const SCORES_QUERY = 'reliability.scores';
const SCORE_FIELD = 'score';
const REASON_FIELD = 'reason';

export interface EntityCell {
  /** Row of the frame, to read the tooltip's inputs. */
  row: number;
  label: string;
  score: number | null;
  reason: string | null;
}

export interface Entities {
  frame: DataFrame | undefined;
  /** Name of the field naming the entity (site, model, device_id…). */
  entityField: string | undefined;
  cells: EntityCell[];
}

export interface EntityInput {
  name: string;
  field: Field;
  value: number | null;
}

/** The entity's name: the first string field other than the null-score reason. */
export function labelField(frame: DataFrame): Field | undefined {
  return frame.fields.find(
    (field) => field.type === FieldType.string && field.name !== REASON_FIELD,
  );
}

export function readEntities(series: readonly DataFrame[]): Entities {
  const frame = pickFrame(series, SCORES_QUERY, [SCORE_FIELD]);
  if (frame === undefined) return { frame, entityField: undefined, cells: [] };
  const entity = labelField(frame);
  const labels = entity === undefined ? () => null : textColumn(frame, entity.name);
  const score = numberColumn(frame, SCORE_FIELD);
  const reason = textColumn(frame, REASON_FIELD);
  const cells = Array.from({ length: frameLength(frame) }, (_, row) => ({
    row,
    label: labels(row) ?? `#${row + 1}`,
    score: score(row),
    reason: reason(row),
  }));
  return { frame, entityField: entity?.name, cells };
}

function byLabel(a: EntityCell, b: EntityCell): number {
  return a.label.localeCompare(b.label, undefined, { numeric: true });
}

function byScore(direction: 1 | -1) {
  return (a: EntityCell, b: EntityCell): number => {
    if (a.score === b.score) return byLabel(a, b);
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return direction * (a.score - b.score);
  };
}

/** Sorted, then cut to `maxCells`. */
export function selectCells(
  cells: readonly EntityCell[],
  sort: CellSort,
  maxCells: number,
): EntityCell[] {
  const compare = sort === 'label' ? byLabel : byScore(sort === 'best' ? -1 : 1);
  const limit = Math.max(1, Math.floor(Number.isFinite(maxCells) ? maxCells : cells.length));
  return [...cells].sort(compare).slice(0, limit);
}

/** Every numeric field of the entity's row except the score: the score's inputs and population. */
export function entityInputs(frame: DataFrame, row: number): EntityInput[] {
  return frame.fields
    .filter((field) => field.type === FieldType.number && field.name !== SCORE_FIELD)
    .map((field) => ({
      name: field.config.displayName ?? field.name,
      field,
      value: toNumber(columnValues(field)[row]),
    }));
}
