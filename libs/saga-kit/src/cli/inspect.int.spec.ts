import { create } from '@bufbuild/protobuf';
import { AnySchema } from '@bufbuild/protobuf/wkt';
import { DeductFromPlayerStackSchema, POKER_FILES } from '@poker/contracts';
import { kafkaBrokers, kafkaControl, testKafka, uniqueName } from '../../../../test/infra';
import { CommandBookSchema, EventBookSchema, EventPageSchema } from '../gen/sagakit/v1/envelope_pb';
import { Headers, MessageKinds } from '../messaging/headers';
import { newRoot, rootToString } from '../messaging/ids';
import { encode, TYPE_URL_PREFIX, TypeRegistry } from '../messaging/type-registry';
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

  it('inspect prints garbage, keyless and empty messages as their bytes and why, without failing', async () => {
    const topic = uniqueName('cli.garbage.commands');
    await kafkaControl().createTopic(topic, 1);
    const garbage = Buffer.from([0x0f, 0xde, 0xad]);
    const unknownEvent = create(EventBookSchema, {
      pages: [
        create(EventPageSchema, {
          event: create(AnySchema, {
            typeUrl: `${TYPE_URL_PREFIX}poker.v1.NoSuchEvent`,
            value: Uint8Array.from([1, 2]),
          }),
        }),
      ],
    });
    const producer = testKafka('cli-garbage').producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'k1', value: garbage, headers: { [Headers.Kind]: MessageKinds.Command } },
        { key: null, value: garbage },
        { key: 'k3', value: null, headers: { [Headers.Kind]: 'no-such-kind' } },
        {
          key: 'k4',
          value: Buffer.from(encode(EventBookSchema, unknownEvent)),
          headers: { [Headers.Kind]: MessageKinds.Events },
        },
      ],
    });
    await producer.disconnect();

    const { code, out, err } = await cli('--brokers', kafkaBrokers().join(','), 'inspect', topic);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const lines = out.map((l) => JSON.parse(l) as { key: string | null; value: unknown });
    const base64 = garbage.toString('base64');
    expect(lines.map((l) => [l.key, l.value])).toEqual([
      [
        'k1',
        {
          undecoded: expect.stringMatching(/^cannot decode sagakit\.v1\.CommandBook: /) as unknown,
          base64,
        },
      ],
      [null, { undecoded: 'no schema for kind ""', base64 }],
      ['k3', { undecoded: 'no schema for kind "no-such-kind"', base64: '' }],
      [
        'k4',
        // An unregistered event type shows as its type URL and base64 bytes.
        expect.objectContaining({
          pages: [
            expect.objectContaining({
              event: {
                '@type': `${TYPE_URL_PREFIX}poker.v1.NoSuchEvent`,
                value: Buffer.from([1, 2]).toString('base64'),
              },
            }),
          ],
        }),
      ],
    ]);
  });

  it.each([
    [['inspect', 't', '--limit', '0'], /--limit <n>.*must be a positive integer/],
    [['inspect', 't', '--limit', 'ten'], /--limit <n>.*must be a positive integer/],
    [
      ['inspect', 't', '--from-beginning', '--from-end'],
      /--from-beginning and --from-end exclude each other/,
    ],
    [['inspect', 't', '--colour'], /unknown option '--colour'/],
    [['inspect'], /missing required argument 'topic'/],
    [['--brokers', 'no-port', 'inspect', 't'], /--brokers: "no-port" is not a broker address/],
  ])('inspect refuses %j with exit code 2 and says why', async (args, message) => {
    const { code, out, err } = await cli(...args);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
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
