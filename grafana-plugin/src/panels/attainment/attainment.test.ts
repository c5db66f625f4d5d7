import { FieldType } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { fixtureFrame } from '../shared/testing/panelProps';
import {
  attainmentStatus,
  barFraction,
  budgetFraction,
  budgetStatus,
  metricTitle,
  readAttainment,
} from './attainment';
import { attainmentFrame } from './fixtures';

describe('readAttainment', () => {
  it('reads one row per priority with status and budget', () => {
    const rows = readAttainment([attainmentFrame()]);
    expect(rows.map((row) => [row.priority, row.status, row.budget])).toEqual([
      ['P1', 'missed', 'overspent'],
      ['P2', 'met', 'ok'],
      ['P4', 'no-target', 'none'],
    ]);
    expect(rows[0]).toMatchObject({
      metric: 'resolution',
      measured: 200,
      breached: 20,
      attainmentPct: 90,
      targetPct: 95,
      breachesAllowed: 10,
      budgetRemainingPct: -100,
    });
    expect(rows[2]).toMatchObject({ targetPct: null, breachesAllowed: null });
  });

  it('picks the summary frame by name among others and reads typed arrays', () => {
    const other = fixtureFrame('sla.live', [
      { name: 'priority', type: FieldType.string, values: ['X'] },
    ]);
    const summary = fixtureFrame('sla.attainment_summary', [
      { name: 'priority', type: FieldType.string, values: ['P3'] },
      { name: 'measured', type: FieldType.number, values: Float64Array.from([4]) },
      { name: 'attainment_pct', type: FieldType.number, values: Float64Array.from([NaN]) },
      { name: 'target_pct', type: FieldType.number, values: Float64Array.from([90]) },
    ]);
    const [row] = readAttainment([other, summary]);
    expect(row).toMatchObject({ priority: 'P3', measured: 4, attainmentPct: null });
    expect(row?.status).toBe('no-data');
  });

  it('finds the frame by its fields when it has another name', () => {
    const renamed = { ...attainmentFrame(), name: 'B' };
    expect(readAttainment([renamed])).toHaveLength(3);
  });

  it('reads nothing from empty data', () => {
    expect(readAttainment([])).toEqual([]);
    expect(readAttainment([fixtureFrame('other', [])])).toEqual([]);
  });
});

describe('attainment helpers', () => {
  it('classifies attainment against target', () => {
    expect(attainmentStatus(95, 95)).toBe('met');
    expect(attainmentStatus(94.9, 95)).toBe('missed');
    expect(attainmentStatus(50, null)).toBe('no-target');
    expect(attainmentStatus(null, 95)).toBe('no-data');
  });

  it('classifies the remaining budget', () => {
    expect(budgetStatus(null)).toBe('none');
    expect(budgetStatus(-0.1)).toBe('overspent');
    expect(budgetStatus(10)).toBe('low');
    expect(budgetStatus(25)).toBe('ok');
  });

  it('places percentages on a bar that may start above zero', () => {
    expect(barFraction(95, 0)).toBeCloseTo(0.95);
    expect(barFraction(95, 90)).toBeCloseTo(0.5);
    expect(barFraction(80, 90)).toBe(0);
    expect(barFraction(120, 0)).toBe(1);
    expect(budgetFraction(-50)).toBe(0);
    expect(budgetFraction(40)).toBeCloseTo(0.4);
    expect(budgetFraction(null)).toBe(0);
  });

  it('titles the panel by label, else by metric', () => {
    const rows = readAttainment([attainmentFrame()]);
    expect(metricTitle(rows, '')).toBe('Resolution');
    expect(metricTitle(rows, ' First response ')).toBe('First response');
    expect(metricTitle([], '')).toBe('');
  });
});
