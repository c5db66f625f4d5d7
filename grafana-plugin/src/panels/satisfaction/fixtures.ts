import { FieldType, type DataFrame } from '@grafana/data';

import { fixtureFrame } from '../shared/testing/panelProps';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2);

/**
 * Three daily buckets: 4 ratings all satisfied (scores 5,5,4,4), then 16
 * ratings half satisfied, then solves without ratings. Range: 12 of 20
 * satisfied (60 %, not the 75 % an average of percentages gives).
 */
export function satisfactionFrame(): DataFrame {
  return fixtureFrame('sla.satisfaction', [
    { name: 'bucket', type: FieldType.time, values: [T0, T0 + DAY, T0 + 2 * DAY] },
    { name: 'solved', type: FieldType.number, values: [10, 20, 10] },
    { name: 'reopened', type: FieldType.number, values: [1, 2, 0] },
    { name: 'first_contact', type: FieldType.number, values: [6, 10, 5] },
    { name: 'rated', type: FieldType.number, values: [4, 16, 0] },
    { name: 'satisfied', type: FieldType.number, values: [4, 8, 0] },
    { name: 'pct_satisfied', type: FieldType.number, values: [100, 50, null], unit: 'percent' },
    // 3.375 as the API rounds it.
    { name: 'avg_score', type: FieldType.number, values: [4.5, 3.4, null] },
    { name: 'response_rate', type: FieldType.number, values: [40, 80, 0], unit: 'percent' },
    { name: 'first_contact_pct', type: FieldType.number, values: [60, 50, 50], unit: 'percent' },
    { name: 'reopen_pct', type: FieldType.number, values: [10, 10, 0], unit: 'percent' },
  ]);
}

/** The same 20 responses by score (or other `[score, responses]` pairs). */
export function distributionFrame(counts: Array<[number, number]> = DEFAULT_COUNTS): DataFrame {
  return fixtureFrame(
    'sla.satisfaction_distribution',
    [
      { name: 'score', type: FieldType.number, values: counts.map(([score]) => score) },
      { name: 'responses', type: FieldType.number, values: counts.map(([, n]) => n) },
    ],
    'B',
  );
}

const DEFAULT_COUNTS: Array<[number, number]> = [
  [1, 2],
  [2, 2],
  [3, 4],
  [4, 6],
  [5, 6],
];
