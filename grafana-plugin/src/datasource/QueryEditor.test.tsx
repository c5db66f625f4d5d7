import '../testing/browserShim';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { DataSource } from './DataSource';
import { QueryEditor } from './QueryEditor';
import { CATALOGUE } from './testing/fixtures';
import type { DeskpulseQuery } from './types';

const datasource = { getCatalogue: () => Promise.resolve(CATALOGUE) } as unknown as DataSource;

const onChange = vi.fn<(query: DeskpulseQuery) => void>();
const onRunQuery = vi.fn<() => void>();

function renderEditor(query: DeskpulseQuery, ds: DataSource = datasource) {
  return render(
    <QueryEditor datasource={ds} query={query} onChange={onChange} onRunQuery={onRunQuery} />,
  );
}

const lastQuery = () => onChange.mock.calls.at(-1)?.[0];

beforeEach(() => {
  onChange.mockReset();
  onRunQuery.mockReset();
});
afterEach(cleanup);

describe('QueryEditor', () => {
  it('offers the catalogue queries by title', async () => {
    const user = userEvent.setup();
    renderEditor({ refId: 'A', queryName: '', params: {} });
    const picker = screen.getByRole('combobox', { name: 'Named query' });
    await waitFor(() => {
      expect(picker).not.toHaveProperty('disabled', true);
    });
    await user.click(picker);
    for (const title of ['SLA attainment', 'Breach risk', 'Live clocks', 'Reliability metrics']) {
      expect(await screen.findByRole('option', { name: new RegExp(title) })).toBeTruthy();
    }
    await user.click(screen.getByRole('option', { name: /Breach risk/ }));
    expect(lastQuery()).toEqual({ refId: 'A', queryName: 'sla.breach_risk', params: {} });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('builds the form from the parameter schema, without from/to of range queries', async () => {
    renderEditor({ refId: 'A', queryName: 'sla.attainment', params: { queue: 'L1' } });
    expect(await screen.findByText(/Met and breached clocks per bucket/)).toBeTruthy();
    for (const name of ['interval', 'tz', 'priority', 'queue', 'version']) {
      expect(screen.getByLabelText(`Parameter ${name}`)).toBeTruthy();
    }
    // A list of allowed values is a multi-select, named by its field label.
    expect(screen.getByRole('combobox', { name: 'metric' })).toBeTruthy();
    expect(screen.queryByLabelText('Parameter from')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Parameter queue').value).toBe('L1');
  });

  it('changes text parameters as typed and runs the query on blur', async () => {
    const user = userEvent.setup();
    renderEditor({ refId: 'A', queryName: 'sla.live', params: {} });
    const queue = await screen.findByLabelText('Parameter queue');
    await user.type(queue, '$');
    expect(lastQuery()?.params).toEqual({ queue: '$' });
    await user.tab();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('stores numbers as numbers once committed', async () => {
    const user = userEvent.setup();
    renderEditor({ refId: 'A', queryName: 'sla.breach_risk', params: { limit: '20' } });
    const limit = await screen.findByLabelText('Parameter limit');
    await user.click(limit);
    await user.tab();
    expect(lastQuery()?.params).toEqual({ limit: 20 });
  });

  it('switches boolean parameters', async () => {
    const user = userEvent.setup();
    renderEditor({ refId: 'A', queryName: 'sla.breach_risk', params: { limit: 10 } });
    await user.click(await screen.findByLabelText('Parameter include_breached'));
    expect(lastQuery()?.params).toEqual({ limit: 10, include_breached: true });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('picks enum values, with auto for the interval', async () => {
    const user = userEvent.setup();
    renderEditor({ refId: 'A', queryName: 'sla.attainment', params: {} });
    await user.click(await screen.findByLabelText('Parameter interval'));
    const options = await screen.findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^auto/), 'hour', 'day', 'week']),
    );
    await user.click(screen.getByRole('option', { name: 'day' }));
    expect(lastQuery()?.params).toEqual({ interval: 'day' });
  });

  it('selects several values of a list parameter', async () => {
    const user = userEvent.setup();
    renderEditor({ refId: 'A', queryName: 'sla.attainment', params: { metric: ['resolution'] } });
    await user.click(await screen.findByRole('combobox', { name: 'metric' }));
    await user.click(await screen.findByRole('option', { name: 'first_response' }));
    expect(lastQuery()?.params).toEqual({ metric: ['resolution', 'first_response'] });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('keeps the parameters the newly chosen query also takes', async () => {
    const user = userEvent.setup();
    renderEditor({
      refId: 'A',
      queryName: 'sla.attainment',
      params: { queue: 'L1', interval: 'day' },
    });
    await user.click(await screen.findByRole('combobox', { name: 'Named query' }));
    await user.click(await screen.findByRole('option', { name: /Live clocks/ }));
    expect(lastQuery()).toEqual({ refId: 'A', queryName: 'sla.live', params: { queue: 'L1' } });
  });

  it('says when the catalogue cannot be loaded', async () => {
    const failing = {
      getCatalogue: () => Promise.reject(new Error('UNAUTHORIZED: missing or unknown API key')),
    } as unknown as DataSource;
    await act(async () => {
      renderEditor({ refId: 'A', queryName: '', params: {} }, failing);
      await Promise.resolve();
    });
    expect(await screen.findByText('UNAUTHORIZED: missing or unknown API key')).toBeTruthy();
  });
});
