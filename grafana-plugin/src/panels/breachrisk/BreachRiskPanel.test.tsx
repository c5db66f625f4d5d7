import '../../testing/matchMediaShim';

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { panelProps } from '../shared/testing/panelProps';
import { BreachRiskPanel } from './BreachRiskPanel';
import { FIVE_CLOCKS, T0, breachRiskFrame, manyClocks, type ClockFixture } from './fixtures';
import { RENDER_MEASURE } from './renderTiming';
import { ROW_HEIGHT } from './styles';
import { defaultBreachRiskOptions, type BreachRiskOptions } from './types';

function renderPanel(
  clocks: readonly ClockFixture[] = FIVE_CLOCKS,
  options: Partial<BreachRiskOptions> = {},
) {
  const props = panelProps({ ...defaultBreachRiskOptions, ...options }, [breachRiskFrame(clocks)]);
  return render(<BreachRiskPanel {...props} />);
}

function countdowns(): Map<string, HTMLElement> {
  return new Map(
    screen
      .getAllByTestId('deskpulse-breachrisk-row')
      .map((row) => [
        row.dataset['ticketId'] ?? '',
        within(row).getByTestId('deskpulse-breachrisk-countdown'),
      ]),
  );
}

beforeEach(() => {
  // performance stays real: the panel's render measure goes through it.
  vi.useFakeTimers({
    toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'],
  });
  vi.setSystemTime(T0);
  performance.clearMarks();
  performance.clearMeasures();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('BreachRiskPanel', () => {
  it('lists open clocks by time left with urgency', () => {
    renderPanel();
    const rows = screen.getAllByTestId('deskpulse-breachrisk-row');
    expect(rows.map((row) => row.dataset['ticketId'])).toEqual(['T2', 'T1', 'T5', 'T3', 'T4']);
    expect(rows.map((row) => row.dataset['urgency'])).toEqual([
      'breached',
      'warning',
      'soon',
      'paused',
      'ok',
    ]);
    const text = [...countdowns().values()].map((cell) => cell.textContent);
    expect(text).toEqual(['-00:01:00', '00:05:00', '00:30:00', 'paused02:00:00', '2d 03:00:00']);
    expect(within(rows[0] as HTMLElement).getByText('First response')).toBeTruthy();
    expect(screen.getByTestId('deskpulse-breachrisk-summary').textContent).toBe(
      '5 open clocks · 1 breached · 1 at warning · 1 paused',
    );
  });

  it('ticks every second from breach_at with one interval for the whole panel', () => {
    renderPanel();
    expect(vi.getTimerCount()).toBe(1);
    const before = countdowns();
    expect(before.get('T1')?.dataset['secondsLeft']).toBe('300');

    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    const after = countdowns();
    expect(after.get('T1')?.textContent).toBe('00:04:57');
    expect(after.get('T1')?.dataset['secondsLeft']).toBe('297');
    expect(after.get('T2')?.dataset['secondsLeft']).toBe('-63');
    expect(after.get('T3')?.dataset['secondsLeft']).toBe('7200');
    expect(after.get('T3')?.textContent).toBe('paused02:00:00');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('turns a clock red when it breaches while on screen', () => {
    renderPanel([{ ticket: 'T9', breachIn: 2, warnIn: -10 }]);
    expect(countdowns().get('T9')?.dataset['urgency']).toBe('warning');
    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    expect(countdowns().get('T9')?.dataset['urgency']).toBe('breached');
    expect(countdowns().get('T9')?.textContent).toBe('-00:00:01');
  });

  it('starts no timer when every clock is paused, and stops it on unmount', () => {
    const paused = renderPanel([{ ticket: 'P', breachIn: 60, state: 'paused' }]);
    expect(vi.getTimerCount()).toBe(0);
    paused.unmount();
    const running = renderPanel();
    expect(vi.getTimerCount()).toBe(1);
    running.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('links tickets through the template, or not at all', () => {
    renderPanel(FIVE_CLOCKS, { ticketUrl: 'https://desk.example.com/tickets/${ticket_id}' });
    const links = screen.getAllByTestId('deskpulse-breachrisk-ticket');
    expect(links[0]?.getAttribute('href')).toBe('https://desk.example.com/tickets/T2');
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    cleanup();
    renderPanel();
    expect(screen.getAllByTestId('deskpulse-breachrisk-ticket')[0]?.tagName).toBe('SPAN');
  });

  it('shows the probability column only when a value is present', () => {
    renderPanel();
    expect(screen.queryByTestId('deskpulse-breachrisk-probability-header')).toBeNull();
    expect(screen.queryAllByTestId('deskpulse-breachrisk-probability')).toHaveLength(0);
    cleanup();
    renderPanel(FIVE_CLOCKS.map((clock, i) => ({ ...clock, probability: i === 1 ? 0.834 : null })));
    expect(screen.getByTestId('deskpulse-breachrisk-probability-header')).toBeTruthy();
    const cells = screen.getAllByTestId('deskpulse-breachrisk-probability');
    expect(cells.map((cell) => cell.textContent)).toEqual(['–', '83.4%', '–', '–', '–']);
  });

  it('shows "No data" without open clocks', () => {
    renderPanel([]);
    expect(screen.getByTestId('deskpulse-breachrisk-nodata').textContent).toBe('No data');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('renders 5,000 clocks as a window of rows and measures the render', () => {
    const started = performance.now();
    renderPanel(manyClocks(5_000));
    const elapsed = performance.now() - started;
    const rows = screen.getAllByTestId('deskpulse-breachrisk-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]?.dataset['ticketId']).toBe('T1');
    expect(screen.getByTestId('deskpulse-breachrisk-panel').getAttribute('aria-rowcount')).toBe(
      '5001',
    );
    expect(performance.getEntriesByName(RENDER_MEASURE, 'measure')).toHaveLength(1);
    expect(elapsed).toBeLessThan(5_000);

    const list = screen.getByTestId('deskpulse-breachrisk-list');
    list.scrollTop = 3_000 * ROW_HEIGHT;
    fireEvent.scroll(list);
    const scrolled = screen.getAllByTestId('deskpulse-breachrisk-row');
    expect(scrolled.length).toBeLessThan(60);
    expect(scrolled.map((row) => row.dataset['ticketId'])).toContain('T3001');
    expect(performance.getEntriesByName(RENDER_MEASURE, 'measure')).toHaveLength(1);
  });
});
