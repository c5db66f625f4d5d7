import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

type Body = string | ArrayBuffer | undefined;

function requestUrl(options: BackendSrvRequest): string {
  const params = Object.entries(options.params ?? {}).filter(([, v]) => v !== undefined);
  if (params.length === 0) return options.url;
  const query = new URLSearchParams(
    params.map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return `${options.url}${options.url.includes('?') ? '&' : '?'}${query}`;
}

/** Grafana's rules: objects go as JSON, with JSON the default Accept. */
function requestInit(options: BackendSrvRequest, signal: AbortSignal): RequestInit {
  const headers: Record<string, string> = {
    accept: 'application/json, text/plain, */*',
    'x-grafana-org-id': '1',
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  let body: Body;
  const data: unknown = options.data;
  if (typeof data === 'string' || data instanceof ArrayBuffer) body = data;
  else if (data !== undefined) {
    body = JSON.stringify(data);
    headers['content-type'] ??= 'application/json';
  }
  return {
    method: options.method ?? 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
    signal,
    // Grafana's default; the plugin never asks for cross-origin credentials.
    credentials: 'same-origin',
  };
}

async function parseBody(
  response: Response,
  type: BackendSrvRequest['responseType'],
): Promise<unknown> {
  switch (type) {
    case 'arraybuffer':
      return response.arrayBuffer();
    case 'blob':
      return response.blob();
    case 'text':
      return response.text();
    default: {
      // Like Grafana: JSON when it parses, else the text itself.
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
  }
}

function fetchError(response: Response, data: unknown, config: BackendSrvRequest): FetchError {
  const message =
    typeof data === 'object' &&
    data !== null &&
    'message' in data &&
    typeof data.message === 'string'
      ? data.message
      : response.statusText;
  return { status: response.status, statusText: response.statusText, data, message, config };
}

/**
 * Grafana's backend service, as far as plugins see it: fetch() is an
 * Observable that errors with a FetchError on non-2xx, cancels on
 * unsubscribe, and a new request with the same requestId cancels the old one.
 */
export class HostBackendSrv implements BackendSrv {
  readonly #inFlight = new Map<string, AbortController>();

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = this.#controllerFor(options);
      const send = async (): Promise<void> => {
        const response = await globalThis.fetch(
          requestUrl(options),
          requestInit(options, controller.signal),
        );
        const data = (await parseBody(response, options.responseType)) as T;
        if (!response.ok) {
          subscriber.error(fetchError(response, data, options));
          return;
        }
        subscriber.next({
          data,
          status: response.status,
          statusText: response.statusText,
          ok: response.ok,
          headers: response.headers,
          redirected: response.redirected,
          type: response.type,
          url: response.url,
          config: options,
        });
        subscriber.complete();
      };
      send()
        .catch((error: unknown) => {
          subscriber.error(
            controller.signal.aborted
              ? { status: -1, cancelled: true, data: undefined, config: options }
              : error,
          );
        })
        .finally(() => {
          if (options.requestId !== undefined) this.#inFlight.delete(options.requestId);
        });
      return () => {
        controller.abort();
      };
    });
  }

  #controllerFor(options: BackendSrvRequest): AbortController {
    const controller = new AbortController();
    options.abortSignal?.addEventListener('abort', () => {
      controller.abort();
    });
    if (options.requestId !== undefined) {
      this.#inFlight.get(options.requestId)?.abort();
      this.#inFlight.set(options.requestId, controller);
    }
    return controller;
  }

  async #data<T>(options: BackendSrvRequest): Promise<T> {
    return (await lastValueFrom(this.fetch<T>(options))).data;
  }

  chunked(): Observable<FetchResponse<Uint8Array | undefined>> {
    throw new Error('chunked requests are not supported by the e2e host');
  }

  datasourceRequest<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  request<T>(options: BackendSrvRequest): Promise<T> {
    return this.#data<T>(options);
  }

  get<T>(url: string, params?: object, requestId?: string, options?: Partial<BackendSrvRequest>) {
    return this.#data<T>({
      ...options,
      url,
      ...(params === undefined ? {} : { params: params as Record<string, unknown> }),
      ...(requestId === undefined ? {} : { requestId }),
    });
  }

  delete<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.#data<T>({ ...options, url, method: 'DELETE', data });
  }

  post<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.#data<T>({ ...options, url, method: 'POST', data });
  }

  patch<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.#data<T>({ ...options, url, method: 'PATCH', data });
  }

  put<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.#data<T>({ ...options, url, method: 'PUT', data });
  }
}
