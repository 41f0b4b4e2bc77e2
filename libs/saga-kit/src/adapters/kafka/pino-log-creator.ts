import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/** The kafkajs level that makes kafkajs build only the entries `logger` will write. */
export function kafkaLogLevelFor(logger: Logger): logLevel {
  if (logger.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return logLevel.INFO;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  if (logger.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}

/** Fields of a kafkajs entry that pino writes itself (or that would clash with its own). */
const RESERVED = new Set(['timestamp', 'logger', 'message', 'level', 'time', 'msg']);

/**
 * Routes kafkajs' logs to pino as structured records: the kafkajs message stays the fixed
 * message, its extra fields become context, and the namespace (`Consumer`, `Runner`...) a field.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const base = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const context: Record<string, unknown> = { namespace };
      for (const [name, value] of Object.entries(log)) {
        if (!RESERVED.has(name)) context[name] = value;
      }
      const message = String(log.message);
      switch (level) {
        case logLevel.ERROR:
          return base.error(context, message);
        case logLevel.WARN:
          return base.warn(context, message);
        case logLevel.INFO:
          return base.info(context, message);
        case logLevel.DEBUG:
          return base.debug(context, message);
        case logLevel.NOTHING:
          return undefined;
      }
    };
}
