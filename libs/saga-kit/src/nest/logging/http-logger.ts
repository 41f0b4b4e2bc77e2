import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER, headerId } from './correlation-id';

/** Paths whose successful requests are not logged (probes and scrapes would drown the rest). */
const QUIET_PATHS = ['/health', '/metrics'];

/**
 * Request logging middleware: one JSON line per request with the request id (from
 * `x-request-id`, else generated, echoed back) and the correlation id (from `x-correlation-id`,
 * or the one the gateway answered with). 5xx log as errors, 4xx as warnings.
 */
export function createHttpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger: logger.child({ component: 'http' }),
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const id = headerId(req, REQUEST_ID_HEADER) ?? randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customProps(req: IncomingMessage, res: ServerResponse) {
      const answered = res.getHeader(CORRELATION_ID_HEADER);
      const correlationId =
        typeof answered === 'string' ? answered : headerId(req, CORRELATION_ID_HEADER);
      return correlationId ? { correlationId } : {};
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    autoLogging: {
      ignore: (req) => QUIET_PATHS.some((p) => req.url === p || req.url?.startsWith(`${p}?`)),
    },
    quietReqLogger: true,
  });
}
