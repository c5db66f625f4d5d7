import '../testing/browserShim';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { DataSource } from './DataSource';
import type { DeskpulseVariableQuery } from './types';
import { VariableQueryEditor } from './VariableQueryEditor';

afterEach(cleanup);

describe('VariableQueryEditor', () => {
  it('chooses what the variable lists', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn<(query: DeskpulseVariableQuery) => void>();
    render(
      <VariableQueryEditor
        datasource={{} as unknown as DataSource}
        query={{ refId: 'V', variable: 'queue' }}
        onChange={onChange}
        onRunQuery={() => undefined}
      />,
    );
    const picker = screen.getByRole<HTMLInputElement>('combobox', { name: 'Variable values' });
    expect(picker.value).toBe('Queues');
    await user.click(picker);
    await user.click(await screen.findByRole('option', { name: 'Device models' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'V', variable: 'model' });
  });
});
