import '../testing/browserShim';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ConfigEditor } from './ConfigEditor';
import type { DeskpulseOptions, DeskpulseSecureOptions } from './types';

type Settings = DataSourceSettings<DeskpulseOptions, DeskpulseSecureOptions>;

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'deskpulse',
    orgId: 1,
    name: 'Deskpulse',
    type: 'deskpulse-sla-datasource',
    typeName: 'Deskpulse',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: { url: 'http://deskpulse:8080' },
    secureJsonFields: {},
    ...overrides,
  } as Settings;
}

const onOptionsChange = vi.fn<(options: Settings) => void>();
const lastOptions = () => onOptionsChange.mock.calls.at(-1)?.[0];

afterEach(() => {
  cleanup();
  onOptionsChange.mockReset();
});

describe('ConfigEditor', () => {
  it('writes the URL to jsonData', async () => {
    const user = userEvent.setup();
    render(<ConfigEditor options={settings({ jsonData: {} })} onOptionsChange={onOptionsChange} />);
    await user.type(screen.getByLabelText(/^URL/), 'h');
    expect(lastOptions()?.jsonData).toEqual({ url: 'h' });
    expect(lastOptions()?.secureJsonData).toBeUndefined();
  });

  it('flags a URL without a scheme', () => {
    render(
      <ConfigEditor
        options={settings({ jsonData: { url: 'deskpulse:8080' } })}
        onOptionsChange={onOptionsChange}
      />,
    );
    expect(screen.getByText('Use an http:// or https:// URL')).toBeTruthy();
  });

  it('writes a new API key to secureJsonData only', async () => {
    const user = userEvent.setup();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    const key = screen.getByLabelText<HTMLInputElement>(/^API key/);
    expect(key.type).toBe('password');
    await user.type(key, 'k');
    expect(lastOptions()?.secureJsonData).toEqual({ apiKey: 'k' });
    expect(lastOptions()?.jsonData).toEqual({ url: 'http://deskpulse:8080' });
  });

  it('shows a saved key only as configured, and resets it', async () => {
    const user = userEvent.setup();
    render(
      <ConfigEditor
        options={settings({ secureJsonFields: { apiKey: true } })}
        onOptionsChange={onOptionsChange}
      />,
    );
    const key = screen.getByLabelText<HTMLInputElement>(/^API key/);
    expect(key.value).toBe('configured');
    expect(key.disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(lastOptions()?.secureJsonFields).toEqual({ apiKey: false });
    expect(lastOptions()?.secureJsonData).toEqual({ apiKey: '' });
  });
});
