import { ConfigurationError } from '../../errors/configuration.error';

/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address. */
const BROKER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?):(\d{1,5})$/;

/**
 * The Kafka bootstrap servers of a comma-separated list (`KAFKA_BROKERS`, `--brokers`): entries
 * trimmed, empty ones skipped. Each must be `host:port` with a port from 1 to 65535; anything
 * else is a {@link ConfigurationError} naming `source` and the entry, rather than a client that
 * retries an address it can never reach. An empty or absent list gives `[]`: the caller decides
 * whether Kafka is optional.
 */
export function parseBrokerList(value: string | undefined, source = 'brokers'): string[] {
  const brokers = (value ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  for (const broker of brokers) {
    const port = BROKER.exec(broker)?.[1];
    if (port === undefined || +port < 1 || +port > 65535) {
      throw new ConfigurationError(
        `${source}: ${JSON.stringify(broker)} is not a broker address (host:port, port 1-65535)`,
      );
    }
  }
  return brokers;
}
