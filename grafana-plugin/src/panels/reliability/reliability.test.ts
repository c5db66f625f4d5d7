import { colorManipulator, createTheme, FieldType } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { redYellowGreen, scoreColor } from '../shared/colors';
import { fixtureFrame } from '../shared/testing/panelProps';
import { entityInputs, readEntities, selectCells } from './entities';
import { scoresFrame } from './fixtures';
import { fitLabel, hexPath, honeycomb } from './honeycomb';

describe('readEntities', () => {
  it('labels cells by the first string field and reads score and reason', () => {
    const { entityField, cells } = readEntities([scoresFrame()]);
    expect(entityField).toBe('site');
    expect(cells.map((cell) => [cell.label, cell.score, cell.reason])).toEqual([
      ['site-b', 82.5, null],
      ['site-a', 40, null],
      ['site-c', null, 'fewer than 20 devices'],
      ['site-d', 95, null],
    ]);
  });

  it('skips the reason field when looking for the label, and numbers rows without one', () => {
    const frame = fixtureFrame('reliability.scores', [
      { name: 'reason', type: FieldType.string, values: [null] },
      { name: 'score', type: FieldType.number, values: [70] },
    ]);
    const { entityField, cells } = readEntities([frame]);
    expect(entityField).toBeUndefined();
    expect(cells[0]?.label).toBe('#1');
  });

  it('reads nothing without a score frame', () => {
    expect(readEntities([]).cells).toEqual([]);
  });

  it('lists the numeric inputs of a row, without the score', () => {
    const inputs = entityInputs(scoresFrame(), 1).map((input) => [input.name, input.value]);
    expect(inputs).toEqual([
      ['devices', 300],
      ['usage_hours', 50_000],
      ['app_failures_per_1000h', 9.5],
      ['boot_p95_s', 95],
    ]);
  });
});

describe('selectCells', () => {
  const { cells } = readEntities([scoresFrame()]);
  const labels = (sort: 'worst' | 'best' | 'label', max = 10) =>
    selectCells(cells, sort, max).map((cell) => cell.label);

  it('sorts with unscored entities last and cuts to the maximum', () => {
    expect(labels('worst')).toEqual(['site-a', 'site-b', 'site-d', 'site-c']);
    expect(labels('best')).toEqual(['site-d', 'site-b', 'site-a', 'site-c']);
    expect(labels('label')).toEqual(['site-a', 'site-b', 'site-c', 'site-d']);
    expect(labels('worst', 2)).toEqual(['site-a', 'site-b']);
    expect(labels('worst', 0)).toEqual(['site-a']);
  });
});

describe('honeycomb', () => {
  it('fits every cell inside the box without overlaps', () => {
    for (const [count, width, height] of [
      [1, 300, 200],
      [7, 300, 200],
      [50, 640, 320],
      [300, 1200, 500],
    ] as const) {
      const { radius, centers } = honeycomb(count, width, height);
      expect(centers).toHaveLength(count);
      const halfWidth = (Math.sqrt(3) / 2) * radius;
      for (const { x, y } of centers) {
        expect(x - halfWidth).toBeGreaterThanOrEqual(-1e-6);
        expect(x + halfWidth).toBeLessThanOrEqual(width + 1e-6);
        expect(y - radius).toBeGreaterThanOrEqual(-1e-6);
        expect(y + radius).toBeLessThanOrEqual(height + 1e-6);
      }
      let closest = Infinity;
      for (let i = 0; i < centers.length; i += 1) {
        for (let j = i + 1; j < centers.length; j += 1) {
          const a = centers[i] as { x: number; y: number };
          const b = centers[j] as { x: number; y: number };
          closest = Math.min(closest, Math.hypot(a.x - b.x, a.y - b.y));
        }
      }
      if (count > 1) expect(closest).toBeGreaterThanOrEqual(2 * halfWidth - 1e-6);
    }
  });

  it('lays a wide box out in one row and caps the cell size', () => {
    expect(honeycomb(10, 2_000, 100).columns).toBe(10);
    expect(honeycomb(1, 1_000, 1_000, 56).radius).toBe(56);
    expect(honeycomb(0, 100, 100).centers).toEqual([]);
  });

  it('draws hexagons and shortens labels to fit', () => {
    expect(hexPath({ x: 0, y: 0 }, 10)).toBe(
      'M0.00,-10.00L8.66,-5.00L8.66,5.00L0.00,10.00L-8.66,5.00L-8.66,-5.00Z',
    );
    expect(fitLabel('site-a', 100, 10)).toBe('site-a');
    expect(fitLabel('a-very-long-site-name', 30, 10)).toBe('a-ve…');
  });
});

describe('scoreColor', () => {
  it('runs red → yellow → green through the theme palette and greys out missing scores', () => {
    for (const mode of ['dark', 'light'] as const) {
      const theme = createTheme({ colors: { mode } });
      const palette = (name: string) =>
        colorManipulator.asRgbString(theme.visualization.getColorByName(name));
      expect(scoreColor(theme, 0)).toBe(palette('red'));
      expect(scoreColor(theme, 50)).toBe(palette('yellow'));
      expect(scoreColor(theme, 100)).toBe(palette('green'));
      expect(scoreColor(theme, null)).toBe(theme.colors.secondary.main);
    }
    const dark = createTheme({ colors: { mode: 'dark' } });
    // Halfway from red (242, 73, 92) to yellow (250, 222, 42).
    expect(redYellowGreen(dark, 0.25)).toBe('rgb(246, 148, 67)');
    expect(redYellowGreen(dark, -1)).toBe(redYellowGreen(dark, 0));
    expect(redYellowGreen(dark, 2)).toBe(redYellowGreen(dark, 1));
  });
});
