import { pino, type Logger } from 'pino';
import type { Config } from '../schemas/config.ts';

/** JSON logs on stdout; keys and passwords never reach them. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'deskpulse' },
    redact: {
      paths: ['req.headers.authorization', 'key', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}
