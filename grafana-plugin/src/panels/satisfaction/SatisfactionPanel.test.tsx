import '../../testing/matchMediaShim';

import { createTheme, ThemeContext } from '@grafana/data';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { panelProps } from '../shared/testing/panelProps';
import { SatisfactionPanel } from './SatisfactionPanel';
import { distributionFrame, satisfactionFrame } from './fixtures';
import { defaultSatisfactionOptions, type SatisfactionOptions } from './types';

function renderPanel(
  series = [satisfactionFrame(), distributionFrame()],
  options: Partial<SatisfactionOptions> = {},
) {
  const props = panelProps({ ...defaultSatisfactionOptions, ...options }, series);
  return render(<SatisfactionPanel {...props} />);
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

afterEach(cleanup);

describe('SatisfactionPanel', () => {
  it('shows the range score, share satisfied and response rate', () => {
    renderPanel();
    expect(screen.getByTestId('deskpulse-satisfaction-panel')).toBeTruthy();
    expect(text('deskpulse-satisfaction-score')).toBe('3.6/ 5');
    expect(text('deskpulse-satisfaction-pct')).toBe('60.0%');
    expect(text('deskpulse-satisfaction-response-rate')).toBe('50.0%');
    expect(text('deskpulse-satisfaction-counts')).toBe('20 ratings of 40 solved');
    expect(screen.queryByTestId('deskpulse-satisfaction-first-contact')).toBeNull();
  });

  it('draws the distribution from score 5 down to 1', () => {
    renderPanel();
    const bars = screen.getAllByTestId('deskpulse-satisfaction-bar');
    expect(bars.map((bar) => [bar.dataset['score'], bar.dataset['responses']])).toEqual([
      ['5', '6'],
      ['4', '6'],
      ['3', '4'],
      ['2', '2'],
      ['1', '2'],
    ]);
    expect(bars[0]?.textContent).toBe('56 (30.0%)');
  });

  it('follows the options', () => {
    renderPanel(undefined, { showDistribution: false, showResolution: true });
    expect(screen.queryByTestId('deskpulse-satisfaction-distribution')).toBeNull();
    expect(text('deskpulse-satisfaction-first-contact')).toBe('52.5%');
    expect(text('deskpulse-satisfaction-reopen')).toBe('7.5%');
  });

  it('works from the distribution alone', () => {
    renderPanel([distributionFrame()]);
    expect(text('deskpulse-satisfaction-score')).toBe('3.6/ 5');
    expect(text('deskpulse-satisfaction-counts')).toBe('20 ratings');
    expect(screen.queryByTestId('deskpulse-satisfaction-response-rate')).toBeNull();
  });

  it('shows "No data" without either frame', () => {
    renderPanel([]);
    expect(text('deskpulse-satisfaction-nodata')).toBe('No data');
  });

  it('renders with the light theme', () => {
    const props = panelProps(defaultSatisfactionOptions, [satisfactionFrame()]);
    render(
      <ThemeContext.Provider value={createTheme({ colors: { mode: 'light' } })}>
        <SatisfactionPanel {...props} />
      </ThemeContext.Provider>,
    );
    expect(text('deskpulse-satisfaction-score')).toBe('3.6/ 5');
  });
});
