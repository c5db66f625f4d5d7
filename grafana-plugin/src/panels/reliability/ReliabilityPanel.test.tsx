import '../../testing/matchMediaShim';

import { createTheme, ThemeContext } from '@grafana/data';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { panelProps } from '../shared/testing/panelProps';
import { scoresFrame } from './fixtures';
import { ReliabilityPanel } from './ReliabilityPanel';
import { defaultReliabilityOptions, type ReliabilityOptions } from './types';

function renderPanel(options: Partial<ReliabilityOptions> = {}, series = [scoresFrame()]) {
  const props = panelProps({ ...defaultReliabilityOptions, ...options }, series);
  return render(<ReliabilityPanel {...props} />);
}

const cells = () => screen.getAllByTestId('deskpulse-reliability-cell');

afterEach(cleanup);

describe('ReliabilityPanel', () => {
  it('draws one hexagon per entity, worst first, with label and score', () => {
    renderPanel();
    expect(screen.getByTestId('deskpulse-reliability-panel')).toBeTruthy();
    expect(cells().map((cell) => cell.dataset['label'])).toEqual([
      'site-a',
      'site-b',
      'site-d',
      'site-c',
    ]);
    expect(cells().map((cell) => cell.dataset['score'])).toEqual(['40', '82.5', '95', undefined]);
    expect(cells()[1]?.textContent).toBe('site-b83');
    expect(cells()[3]?.getAttribute('aria-label')).toBe('site-c: no score');
    expect(screen.getByTestId('deskpulse-reliability-legend')).toBeTruthy();
  });

  it('colours cells by score and greys out unscored ones', () => {
    renderPanel();
    const fills = cells().map((cell) => cell.querySelector('path')?.getAttribute('fill'));
    expect(new Set(fills).size).toBe(4);
    expect(fills[3]).toBe(createTheme().colors.secondary.main);
  });

  it('shows the inputs in a tooltip on hover, and the reason for a missing score', () => {
    renderPanel();
    fireEvent.mouseEnter(cells()[0] as Element);
    const tooltip = screen.getByTestId('deskpulse-reliability-tooltip');
    expect(tooltip.textContent).toContain('site-a');
    expect(within(tooltip).getByTestId('deskpulse-reliability-tooltip-score').textContent).toBe(
      'score 40.0',
    );
    const inputs = within(tooltip).getAllByTestId('deskpulse-reliability-tooltip-input');
    expect(inputs.map((row) => row.dataset['name'])).toEqual([
      'devices',
      'usage_hours',
      'app_failures_per_1000h',
      'boot_p95_s',
    ]);
    expect(inputs[2]?.textContent).toBe('App failures per 1000h9.50');
    expect(inputs[3]?.textContent).toBe('Boot p95 s1.58 mins');

    fireEvent.mouseLeave(cells()[0] as Element);
    expect(screen.queryByTestId('deskpulse-reliability-tooltip')).toBeNull();
    fireEvent.focus(cells()[3] as Element);
    expect(screen.getByTestId('deskpulse-reliability-tooltip-score').textContent).toBe(
      'no score: fewer than 20 devices',
    );
  });

  it('follows max cells, sort, labels and legend options', () => {
    renderPanel({ maxCells: 2, sort: 'best', showLabels: false, showLegend: false });
    expect(cells().map((cell) => cell.dataset['label'])).toEqual(['site-d', 'site-b']);
    expect(cells()[0]?.querySelectorAll('text')).toHaveLength(0);
    expect(screen.getByTestId('deskpulse-reliability-truncated').textContent).toBe(
      'Showing 2 of 4',
    );
    expect(screen.queryByTestId('deskpulse-reliability-legend')).toBeNull();
  });

  it('shows "No data" without a scores frame', () => {
    renderPanel({}, []);
    expect(screen.getByTestId('deskpulse-reliability-nodata').textContent).toBe('No data');
  });

  it('renders with the light theme', () => {
    const props = panelProps(defaultReliabilityOptions, [scoresFrame()]);
    render(
      <ThemeContext.Provider value={createTheme({ colors: { mode: 'light' } })}>
        <ReliabilityPanel {...props} />
      </ThemeContext.Provider>,
    );
    expect(cells()).toHaveLength(4);
  });
});
