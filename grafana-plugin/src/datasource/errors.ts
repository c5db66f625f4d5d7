/*
 * Deskpulse answers errors as {"error":{"code","message","details"}}; Grafana's fetch rejects
 * with {status, statusText, data}. This turns either (or anything else thrown) into a message
 * that names the code, so panels show "INVALID_QUERY: params.from: …" rather than "400".
 */
import { asBytes } from './bytes';
import type { ApiErrorBody } from './types';

export interface DescribedError {
  message: string;
  status?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isApiError(value: unknown): value is ApiErrorBody {
  if (!isRecord(value) || !isRecord(value['error'])) {
    return false;
  }
  const error = value['error'];
  return typeof error['code'] === 'string' && typeof error['message'] === 'string';
}

/** Bodies of Arrow requests arrive as bytes, even when they are a JSON error. */
function decodeBody(data: unknown): unknown {
  const bytes = asBytes(data);
  const text = bytes === undefined ? data : new TextDecoder().decode(bytes);
  if (typeof text !== 'string') {
    return text;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function bodyMessage(body: unknown): string | undefined {
  if (isApiError(body)) {
    return `${body.error.code}: ${body.error.message}`;
  }
  if (isRecord(body) && typeof body['message'] === 'string') {
    return body['message'];
  }
  return typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 500) : undefined;
}

export function describeError(err: unknown): DescribedError {
  if (err instanceof Error) {
    return { message: err.message };
  }
  if (!isRecord(err)) {
    return { message: String(err) };
  }
  const status = typeof err['status'] === 'number' ? err['status'] : undefined;
  const fromBody = bodyMessage(decodeBody(err['data']));
  const statusText = typeof err['statusText'] === 'string' ? err['statusText'] : '';
  const message =
    fromBody ??
    (status === undefined
      ? 'request failed'
      : `HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
  return status === undefined ? { message } : { message, status };
}
