import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorBody } from '../schemas/api.ts';
import { ERROR_CATALOGUE, type ErrorCode, isDeskpulseError } from '../schemas/errors.ts';

export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): FastifyReply {
  const body: ErrorBody = {
    error: { code, message, ...(details === undefined ? {} : { details: { ...details } }) },
  };
  // A request refused before its body was read (401, 413, 415, 429…) leaves
  // unread bytes on the socket; closing it keeps them from being parsed as the
  // next request on a kept-alive connection.
  if (!reply.request.raw.readableEnded) void reply.header('connection', 'close');
  return reply.code(ERROR_CATALOGUE[code].status).type('application/json').send(body);
}

// Fastify's own errors carry a statusCode; map the ones a client can cause.
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'NOT_READY';
    default:
      return 'INTERNAL';
  }
}

/** Every error leaves as `{"error": {"code", "message", "details"}}` with a catalogue code. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDeskpulseError(error)) {
      const retryAfter = error.details?.['retryAfterSeconds'];
      if (typeof retryAfter === 'number')
        void reply.header('retry-after', String(Math.ceil(retryAfter)));
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return sendError(reply, error.code, error.message, error.details);
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    const code = codeForStatus(status);
    if (code === 'INTERNAL') {
      request.log.error({ err: error }, 'unhandled error');
      return sendError(reply, code, `internal error (request ${request.id})`);
    }
    return sendError(reply, code, error.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`),
  );
}
