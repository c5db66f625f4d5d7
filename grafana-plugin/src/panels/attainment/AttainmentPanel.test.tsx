import '../../testing/matchMediaShim';

import { createTheme, ThemeContext } from '@grafana/data';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { panelProps } from '../shared/testing/panelProps';
import { AttainmentPanel } from './AttainmentPanel';
import { attainmentFrame } from './fixtures';
import { defaultAttainmentOptions, type AttainmentOptions } from './types';

function renderPanel(options: Partial<AttainmentOptions> = {}, series = [attainmentFrame()]) {
  const props = panelProps({ ...defaultAttainmentOptions, ...options }, series);
  return render(<AttainmentPanel {...props} />);
}

afterEach(cleanup);

describe('AttainmentPanel', () => {
  it('shows attainment against target and the error budget per priority', () => {
    renderPanel();
    expect(screen.getByTestId('deskpulse-attainment-panel')).toBeTruthy();
    expect(screen.getByTestId('deskpulse-attainment-metric').textContent).toBe('Resolution');
    const rows = screen.getAllByTestId('deskpulse-attainment-row');
    expect(rows.map((row) => row.dataset['priority'])).toEqual(['P1', 'P2', 'P4']);

    const p1 = within(rows[0] as HTMLElement);
    expect(p1.getByTestId('deskpulse-attainment-value').textContent).toBe('90.0%');
    expect(p1.getByTestId('deskpulse-attainment-target').textContent).toBe('target 95%');
    expect(p1.getByTestId('deskpulse-attainment-marker').style.left).toBe('95%');
    expect(p1.getByTestId('deskpulse-attainment-counts').textContent).toBe(
      '200 measured · 20 breached',
    );
    const budget = p1.getByTestId('deskpulse-attainment-budget');
    expect(budget.dataset['budgetStatus']).toBe('overspent');
    expect(budget.textContent).toContain('overspent by 100%');
    expect(p1.getByTestId('deskpulse-attainment-budget-used').textContent).toBe(
      '20 of 10 breaches used',
    );

    const p2 = within(rows[1] as HTMLElement);
    expect(p2.getByTestId('deskpulse-attainment-budget').textContent).toContain('80% budget left');
  });

  it('says "no target" and draws no marker without a target', () => {
    renderPanel();
    const p4 = within(screen.getAllByTestId('deskpulse-attainment-row')[2] as HTMLElement);
    expect(p4.getByTestId('deskpulse-attainment-target').textContent).toBe('no target');
    expect(p4.queryByTestId('deskpulse-attainment-marker')).toBeNull();
    expect(p4.queryByTestId('deskpulse-attainment-budget-used')).toBeNull();
  });

  it('follows the options: label, budget hidden, magnified scale', () => {
    renderPanel({ metricLabel: 'Resolution SLA', showBudget: false, scaleMin: 90 });
    expect(screen.getByTestId('deskpulse-attainment-metric').textContent).toBe('Resolution SLA');
    expect(screen.queryAllByTestId('deskpulse-attainment-budget')).toHaveLength(0);
    expect(screen.getAllByTestId('deskpulse-attainment-marker')[0]?.style.left).toBe('50%');
  });

  it('shows "No data" without a summary frame', () => {
    renderPanel({}, []);
    expect(screen.getByTestId('deskpulse-attainment-nodata').textContent).toBe('No data');
    expect(screen.queryByTestId('deskpulse-attainment-panel')).toBeNull();
  });

  it('renders with the light theme and in a narrow panel', () => {
    const props = panelProps(defaultAttainmentOptions, [attainmentFrame()], { width: 320 });
    render(
      <ThemeContext.Provider value={createTheme({ colors: { mode: 'light' } })}>
        <AttainmentPanel {...props} />
      </ThemeContext.Provider>,
    );
    expect(screen.getAllByTestId('deskpulse-attainment-row')).toHaveLength(3);
  });
});
