import './testing/browserShim';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppPluginMeta, AppRootProps } from '@grafana/data';
import type { ReactNode } from 'react';
import { throwError } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { AppConfig } from './components/AppConfig';
import { RootPage } from './components/RootPage';
import { APP_ID, DASHBOARDS } from './constants';
import { plugin } from './module';

const { fetchMock } = vi.hoisted(() => ({ fetchMock: vi.fn() }));

vi.mock('@grafana/runtime', () => ({
  PluginPage: ({ children }: { children: ReactNode }) => <main>{children}</main>,
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

const meta = { id: APP_ID, name: 'Deskpulse SLA', enabled: false } as unknown as AppPluginMeta;

afterEach(() => {
  cleanup();
  fetchMock.mockReset();
});

describe('app plugin', () => {
  it('has a root page and a configuration page', () => {
    expect(plugin.root).toBe(RootPage);
    expect(plugin.configPages?.map((page) => [page.id, page.title])).toEqual([
      ['configuration', 'Configuration'],
    ]);
  });

  it('lists the bundled dashboards on its landing page', () => {
    render(<RootPage {...({ meta } as unknown as AppRootProps)} />);
    for (const dashboard of DASHBOARDS) {
      const link = screen.getByRole<HTMLAnchorElement>('link', { name: dashboard.title });
      expect(link.getAttribute('href')).toBe(`/d/${dashboard.uid}`);
    }
    expect(screen.getByRole('link', { name: /Set-up/ }).getAttribute('href')).toBe(
      `/plugins/${APP_ID}`,
    );
  });

  it('enables itself from the configuration page and shows a refusal', async () => {
    const user = userEvent.setup();
    fetchMock.mockReturnValue(throwError(() => new Error('permission denied')));
    const configPage = { meta } as unknown as Parameters<typeof AppConfig>[0]['plugin'];
    render(<AppConfig plugin={configPage} query={{}} />);
    await user.click(screen.getByRole('button', { name: 'Enable' }));
    expect(fetchMock).toHaveBeenCalledWith({
      url: `/api/plugins/${APP_ID}/settings`,
      method: 'POST',
      data: { enabled: true, pinned: true },
    });
    expect(await screen.findByText('permission denied')).toBeTruthy();
  });
});
