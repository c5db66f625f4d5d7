/*
 * Browser APIs @grafana/ui touches at import or render time that jsdom lacks. Test files
 * that render Grafana components import this first, before @grafana/ui. Stubs only: no
 * test depends on what they return.
 */
import './matchMediaShim';

if (typeof globalThis.ResizeObserver !== 'function') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

if (typeof globalThis.IntersectionObserver !== 'function') {
  globalThis.IntersectionObserver = class {
    readonly root = null;
    readonly rootMargin = '';
    readonly thresholds: number[] = [];
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
    takeRecords(): IntersectionObserverEntry[] {
      return [];
    }
  };
}

// Combobox sizes its menu with canvas text metrics: a fixed-width font is close enough.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return {
    font: '',
    measureText: (text: string) => ({ width: text.length * 7 }),
  } as unknown as CanvasRenderingContext2D;
} as unknown as typeof HTMLCanvasElement.prototype.getContext;

// jsdom lays nothing out, so virtualised lists (Combobox menus) would render no rows.
for (const [property, size] of [
  ['offsetWidth', 400],
  ['offsetHeight', 400],
  ['clientWidth', 400],
  ['clientHeight', 400],
] as const) {
  Object.defineProperty(HTMLElement.prototype, property, { configurable: true, get: () => size });
}
Element.prototype.getBoundingClientRect = function getBoundingClientRect() {
  return {
    x: 0,
    y: 0,
    width: 400,
    height: 400,
    top: 0,
    left: 0,
    bottom: 400,
    right: 400,
    toJSON: () => ({}),
  };
};
export {};
