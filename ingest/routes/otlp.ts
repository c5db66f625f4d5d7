import type { FastifyInstance } from 'fastify';
import type { EventRoutesDeps } from './events.ts';

/** `POST /v1/otlp/v1/metrics` and `POST /v1/otlp/v1/logs` (placeholder until OTLP intake lands). */
export function registerOtlpRoutes(_app: FastifyInstance, _deps: EventRoutesDeps): void {}
