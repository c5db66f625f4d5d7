import { ThemeContext } from '@grafana/data';
import { config } from '@grafana/runtime';
import { createElement, useLayoutEffect, type ReactElement, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterPaint, hostWindow, type HostElement } from './dom.ts';

const mounted: { root: Root; box: HostElement }[] = [];

/** Calls `done` once React has committed everything rendered before it. */
function Committed({ done }: { done: () => void }): null {
  useLayoutEffect(done, [done]);
  return null;
}

/**
 * Renders `node` into `box` under the page's theme, as Grafana's app root
 * provides it, and resolves with the time until React committed it.
 */
export async function mount(box: HostElement, node: ReactNode): Promise<{ renderMs: number }> {
  let failed: ((error: unknown) => void) | undefined;
  const root = createRoot(box, {
    onUncaughtError: (error) => {
      console.error('panel render failed', error);
      failed?.(error);
    },
  });
  mounted.push({ root, box });
  const start = performance.now();
  const committed = new Promise<number>((resolve, reject) => {
    failed = reject;
    const done = (): void => {
      resolve(performance.now() - start);
    };
    const tree: ReactElement = createElement(
      ThemeContext.Provider,
      { value: config.theme2 },
      node,
      createElement(Committed, { done }),
    );
    root.render(tree);
  });
  const renderMs = await committed;
  await afterPaint();
  return { renderMs };
}

export async function unmountAll(): Promise<void> {
  for (const { root, box } of mounted.splice(0)) {
    root.unmount();
    box.remove();
  }
  await afterPaint();
}

/** Grafana's global CSS (fonts, body colours) for the page's theme; stays for the page's life. */
export async function mountGlobalStyles(styles: ReactNode): Promise<void> {
  const box = hostWindow.document.createElement('div');
  box.id = 'global-styles';
  hostWindow.document.body.appendChild(box);
  const root = createRoot(box);
  root.render(createElement(ThemeContext.Provider, { value: config.theme2 }, styles));
  await afterPaint();
}
