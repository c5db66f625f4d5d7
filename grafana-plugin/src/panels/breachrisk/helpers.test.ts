import { describe, expect, it } from 'vitest';

import { readClocks, type Clock } from './clocks';
import { gridTemplate, visibleColumns } from './columns';
import { FIVE_CLOCKS, T0, breachRiskFrame } from './fixtures';
import { ticketLink } from './ticketUrl';
import { visibleRange } from './windowing';

function clock(): Clock {
  return readClocks([breachRiskFrame(FIVE_CLOCKS)], T0).clocks[1] as Clock;
}

describe('ticketLink', () => {
  it('fills row fields into the template, URL-encoded', () => {
    expect(ticketLink('https://desk.example.com/tickets/${ticket_id}', clock())).toBe(
      'https://desk.example.com/tickets/T1',
    );
    const odd = { ...clock(), ticketId: 'a b/$c' };
    expect(ticketLink('/t/${ticket_id}?q=${queue}', odd)).toBe('/t/a%20b%2F%24c?q=network');
  });

  it('passes the rest to Grafana variables and keeps unknown names', () => {
    const interpolate = (value: string) => value.replace('${host}', 'desk.example.com');
    expect(ticketLink('https://${host}/${ticket_id}/${nope}', clock(), interpolate)).toBe(
      'https://desk.example.com/T1/${nope}',
    );
  });

  it('links nothing for an empty template or a non-http scheme', () => {
    expect(ticketLink('', clock())).toBeNull();
    expect(ticketLink('  ', clock())).toBeNull();
    expect(ticketLink('javascript:alert(${ticket_id})', clock())).toBeNull();
    expect(ticketLink('tickets/${ticket_id}', clock())).toBe('tickets/T1');
  });
});

describe('visibleRange', () => {
  it('covers the viewport plus overscan, within bounds', () => {
    expect(visibleRange(0, 280, 28, 5_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(28_000, 280, 28, 5_000, 5)).toEqual({ start: 995, end: 1_015 });
    expect(visibleRange(139_720, 280, 28, 5_000, 5)).toEqual({ start: 4_985, end: 5_000 });
    expect(visibleRange(0, 280, 28, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 280, 28, 0, 5)).toEqual({ start: 0, end: 0 });
  });
});

describe('visibleColumns', () => {
  it('drops columns that do not fit and shows probability only with data', () => {
    const ids = (width: number, probability: boolean) =>
      visibleColumns(width, probability).map((column) => column.id);
    expect(ids(900, false)).toEqual(['ticket', 'metric', 'priority', 'queue', 'state', 'left']);
    expect(ids(900, true)).toContain('probability');
    expect(ids(300, false)).toEqual(['ticket', 'priority', 'left']);
    expect(gridTemplate(visibleColumns(300, false)).split(' minmax')).toHaveLength(3);
  });
});
