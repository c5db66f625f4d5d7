import { errorBodySchema } from '../schemas/api.ts';
import { DeskpulseError, ERROR_CATALOGUE, type ErrorCode } from '../schemas/errors.ts';

/** A running Deskpulse reached over HTTP, for when its store is not ours to open. */
export interface RemoteOptions {
  url: string;
  key: string;
}

export async function apiRequest<T = unknown>(
  remote: RemoteOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(path, remote.url), {
      method,
      headers: {
        authorization: `Bearer ${remote.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new DeskpulseError(
      'STORE_UNAVAILABLE',
      `cannot reach ${remote.url}: ${(error as Error).message}`,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(text === '' ? {} : JSON.parse(text));
    const code =
      parsed.success && parsed.data.error.code in ERROR_CATALOGUE
        ? (parsed.data.error.code as ErrorCode)
        : 'INTERNAL';
    throw new DeskpulseError(
      code,
      `${remote.url}: ${parsed.success ? parsed.data.error.message : `HTTP ${response.status}`}`,
    );
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}
