export { createServiceLogger, REDACTED_LOG_PATHS } from './service-logger';
export type { ServiceLoggerOptions } from './service-logger';
export { PinoNestLogger } from './pino-nest-logger';
export { createHttpLogger } from './http-logger';
export { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from './correlation-id';
