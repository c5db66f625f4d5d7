/**
 * The one catalogue of error codes. Every error the HTTP API or the CLI
 * reports carries one of these codes; docs/errors.md is generated from this
 * table and a test keeps the two in step.
 */
export const ERROR_CATALOGUE = {
  BAD_REQUEST: {
    status: 400,
    description: 'The request is malformed (bad query string, header or parameters).',
  },
  NO_VALID_EVENTS: {
    status: 400,
    description:
      'The body held no valid event. `details.rejected` lists each rejected line with its field path and reason.',
  },
  INVALID_BODY: {
    status: 400,
    description:
      'The body cannot be read: broken compression, or a JSON body that is not an array or object.',
  },
  INVALID_POLICY: {
    status: 400,
    description:
      'The SLA policy is invalid. `details.path` names the field, and `details.line` and `details.column` its place in a YAML body (or in the `--policy` file). Nothing was saved: the policy in force stays.',
  },
  INVALID_QUERY: {
    status: 400,
    description:
      'A named query (`POST /v1/query`) was asked with a bad body or bad parameters. The message and `details.path` locate the first problem, e.g. `params.from`.',
  },
  UNKNOWN_QUERY: {
    status: 400,
    description:
      'No named query has that name (`POST /v1/query`). `details.known` lists the names; `GET /v1/query` describes each.',
  },
  UNAUTHENTICATED: {
    status: 401,
    description: 'No API key, or an unknown or revoked one. Send `Authorization: Bearer <key>`.',
  },
  FORBIDDEN: {
    status: 403,
    description: 'The API key is valid but lacks the scope this route needs.',
  },
  NOT_FOUND: { status: 404, description: 'No such route or resource.' },
  SLA_NOT_READY: {
    status: 404,
    description:
      'No SLA figures are computed for the tenant yet (no policy, or the first recompute of its policy is still running), or the requested policy version was never completely computed.',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    description:
      'The `Accept` header names no media type this route can answer with. `POST /v1/query` answers `application/json` or `application/vnd.apache.arrow.stream`.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description:
      'The body, its decompressed size or its event count is over the limit; decompression stops as soon as the limit is passed.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description:
      'The Content-Type or Content-Encoding is not supported. Use application/x-ndjson or application/json (OTLP routes: application/x-protobuf or application/json), optionally gzip/deflate/br encoded.',
  },
  RATE_LIMITED: {
    status: 429,
    description:
      'This API key sent more requests than its rate limit allows; retry after `Retry-After` seconds.',
  },
  INGEST_BACKPRESSURE: {
    status: 429,
    description:
      'The store is behind and the local spool is full; nothing from this request was stored. Retry after `Retry-After` seconds.',
  },
  INTERNAL: {
    status: 500,
    description: 'An unexpected error; the server log has the details under the request id.',
  },
  NOT_READY: {
    status: 503,
    description: 'The service is starting (migrations, spool recovery) or shutting down.',
  },
  STORE_UNAVAILABLE: {
    status: 503,
    description: 'ClickHouse cannot be reached and the request cannot be spooled.',
  },
  CONFIG_INVALID: {
    status: 500,
    description:
      'A configuration value is invalid; start-up stops with the setting and the reason.',
  },
  STORE_LOCKED: {
    status: 500,
    description:
      'The embedded data directory is held by another deskpulse process. Stop it, or pass --url to go through its HTTP API.',
  },
  MIGRATION_FAILED: {
    status: 500,
    description:
      'A migration statement failed; the migration is not recorded and can be re-run after the fix.',
  },
  MIGRATION_CHECKSUM_MISMATCH: {
    status: 500,
    description:
      'An already-applied migration file was edited. Restore it and add a new migration instead.',
  },
  SPOOL_CORRUPT: {
    status: 500,
    description:
      'A spool record failed its checksum; the rest of that segment was moved to spool/quarantine.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** The one error type Deskpulse throws on purpose: a catalogue code plus details. */
export class DeskpulseError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DeskpulseError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

export function isDeskpulseError(value: unknown): value is DeskpulseError {
  return value instanceof DeskpulseError;
}
