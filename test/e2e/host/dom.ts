import type { HostApi } from './api.ts';

// The root tsconfig is for Node (no DOM lib), and adding the DOM lib would
// change every file's globals. So the host page reaches the handful of
// browser APIs it uses through these narrow types instead.

export interface HostElement {
  id: string;
  className: string;
  textContent: string | null;
  style: { cssText: string };
  appendChild(child: HostElement): HostElement;
  remove(): void;
  getBoundingClientRect(): { width: number; height: number };
}

interface HostDocument {
  body: HostElement;
  createElement(tag: string): HostElement;
  getElementById(id: string): HostElement | null;
}

/** The parts of SystemJS 6 the host uses (Grafana's plugin loader uses the same). */
export interface SystemJsLoader {
  import(id: string): Promise<unknown>;
  set(id: string, namespace: object): unknown;
  addImportMap(map: { imports: Record<string, string> }): void;
}

interface HostWindow {
  document: HostDocument;
  location: { origin: string; search: string };
  System: SystemJsLoader;
  requestAnimationFrame(callback: () => void): number;
  deskpulseHost?: HostApi;
}

export const hostWindow = globalThis as unknown as HostWindow;

/** A fresh, absolutely sized box appended to the page's root. */
export function createBox(id: string, width: number, height?: number): HostElement {
  const box = hostWindow.document.createElement('div');
  box.id = id;
  box.style.cssText = `position:relative;margin-bottom:16px;width:${width}px;${height === undefined ? '' : `height:${height}px;`}`;
  const root = hostWindow.document.getElementById('root') ?? hostWindow.document.body;
  root.appendChild(box);
  return box;
}

/** Resolves after the browser has painted twice (effects ran, layout settled). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    hostWindow.requestAnimationFrame(() => {
      hostWindow.requestAnimationFrame(() => {
        resolve();
      });
    });
  });
}
