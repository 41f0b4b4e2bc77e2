import { cli } from './cli-runner.spec';

/** Where the CLI finds Kafka, and what it says when it cannot (before any connection). */
describe('saga-kit CLI: the broker list', () => {
  it('refuses a --brokers entry that is not host:port, as a usage error naming the flag', async () => {
    const result = await cli('inspect', 'sagakit.hand.events', '--brokers', 'kafka:9092,kafka');
    expect(result.code).toBe(2);
    expect(result.err).toEqual([
      'saga-kit: --brokers: "kafka" is not a broker address (host:port, port 1-65535)',
    ]);
  });

  it('says how to give the brokers when there are none', async () => {
    const result = await cli('inspect', 'sagakit.hand.events', '--brokers', ' , ');
    expect(result.code).toBe(2);
    expect(result.err).toEqual([
      'saga-kit: no Kafka brokers: pass --brokers host:port or set KAFKA_BROKERS',
    ]);
  });
});
