import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../schemas/config.ts';

/**
 * JSON lines on stdout for machines, readable lines when a person watches a
 * terminal. Keys and passwords reach neither.
 */
export function createLogger(level: Config['logLevel']): Logger {
  const options = {
    level,
    base: { service: 'deskpulse' },
    redact: {
      paths: ['req.headers.authorization', 'key', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  if (!process.stdout.isTTY) return pino(options);
  return pino(
    options,
    pretty({ translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', sync: true }),
  );
}
