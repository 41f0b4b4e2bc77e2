import { pino, type Logger } from 'pino';

/** Paths never written to logs: credentials in headers and configuration. */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'sasl',
  '*.sasl',
  '*.password',
  '*.secret',
  '*.token',
];

/** Options of {@link createServiceLogger}. */
export interface ServiceLoggerOptions {
  /** Minimum level (default: `LOG_LEVEL`, else `info`). */
  level?: string;
  /** File descriptor to write to: 1 stdout (default), 2 stderr. */
  fd?: 1 | 2;
}

/** A service's structured logger: JSON lines on stdout with the service name and ISO times. */
export function createServiceLogger(service: string, options: ServiceLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    },
    pino.destination({ fd: options.fd ?? 1, sync: false }),
  );
}
