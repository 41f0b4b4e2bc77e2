import { create } from '@bufbuild/protobuf';
import { DeductFromPlayerStackSchema, POKER_FILES } from '@poker/contracts';
import { kafkaBrokers, kafkaControl, testKafka, uniqueName } from '../../../../test/infra';
import { CommandBookSchema } from '../gen/sagakit/v1/envelope_pb';
import { Headers, MessageKinds } from '../messaging/headers';
import { newRoot, rootToString } from '../messaging/ids';
import { encode, TypeRegistry } from '../messaging/type-registry';
import { buildCommandBook } from '../runtime/envelope/command-book';
import { cli, POKER_TYPES } from './cli-runner.spec';

describe('saga-kit inspect (Kafka mock)', () => {
  const registry = new TypeRegistry(...POKER_FILES);

  it('inspect decodes the commands on a topic to JSON lines, payload and headers', async () => {
    const topic = uniqueName('cli.table.commands');
    await kafkaControl().createTopic(topic, 2);
    const root = rootToString(newRoot());
    const books = [50, 75].map((amount) =>
      buildCommandBook(registry, {
        domain: 'table',
        root,
        correlationId: 'cli-corr',
        command: create(DeductFromPlayerStackSchema, {
          playerId: newRoot(),
          amount,
          handId: newRoot(),
        }),
      }),
    );
    const producer = testKafka('cli-test').producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: books.map((book) => ({
        key: root,
        value: Buffer.from(encode(CommandBookSchema, book)),
        headers: {
          [Headers.Kind]: MessageKinds.Command,
          [Headers.MessageId]: book.commandId,
          [Headers.CorrelationId]: 'cli-corr',
        },
      })),
    });
    await producer.disconnect();

    const { code, out, err } = await cli(
      '--brokers',
      kafkaBrokers().join(','),
      '--types',
      POKER_TYPES,
      'inspect',
      topic,
    );
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const lines = out.map(
      (l) =>
        JSON.parse(l) as {
          key: string;
          headers: Record<string, string>;
          value: { command: Record<string, unknown>; commandId: string };
        },
    );
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.value.command)).toEqual([
      expect.objectContaining({
        '@type': 'type.googleapis.com/poker.v1.DeductFromPlayerStack',
        amount: 50,
      }),
      expect.objectContaining({
        '@type': 'type.googleapis.com/poker.v1.DeductFromPlayerStack',
        amount: 75,
      }),
    ]);
    expect(lines[0]).toMatchObject({
      key: root,
      headers: { kind: 'command', 'correlation-id': 'cli-corr' },
    });

    const limited = await cli(
      '--brokers',
      kafkaBrokers().join(','),
      'inspect',
      topic,
      '--limit',
      '1',
    );
    expect(limited.out).toHaveLength(1);
    // Without --types the poker command is not registered: it is shown as its bytes, not an error.
    expect(JSON.parse(limited.out[0]!)).toMatchObject({
      value: { command: { '@type': 'type.googleapis.com/poker.v1.DeductFromPlayerStack' } },
    });
  });

  it('inspect refuses a topic that does not exist', async () => {
    const { code, err } = await cli(
      '--brokers',
      kafkaBrokers().join(','),
      'inspect',
      uniqueName('missing'),
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/no topic/);
  });
});
