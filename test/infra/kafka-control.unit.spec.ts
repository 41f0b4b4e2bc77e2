import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Kafka } from 'kafkajs';
import { isKafkaMockCommandError, mockKafkaControl, realKafkaControl } from './kafka-control';

/** A stand-in for the mock's control channel: records each line, answers from `reply`. */
async function fakeControlChannel(
  reply: (line: string) => string,
): Promise<{ address: string; lines: string[]; server: Server }> {
  const lines: string[] = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter((part) => part !== '')) {
        lines.push(line);
        socket.write(`${reply(line)}\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, lines, server };
}

describe('mockKafkaControl', () => {
  let channel: Awaited<ReturnType<typeof fakeControlChannel>>;

  beforeEach(async () => {
    channel = await fakeControlChannel((line) =>
      line.startsWith('create_topic taken')
        ? 'error TOPIC_ALREADY_EXISTS Broker: Topic already exists'
        : line.startsWith('broker_down 99')
          ? 'error BROKER_NOT_AVAILABLE Broker: Broker not available'
          : 'ok',
    );
  });
  afterEach(() => new Promise((resolve) => channel.server.close(resolve)));

  it('sends one line per command', async () => {
    const control = mockKafkaControl(channel.address);

    await control.createTopic('orders', 3);
    await control.brokerDown(1);
    await control.brokerUp(1);
    await control.pushRequestErrors(0, [6, -195]);
    await control.clearRequestErrors(0);
    await control.setRtt(-1, 250);

    expect(channel.lines).toEqual([
      'create_topic orders 3',
      'broker_down 1',
      'broker_up 1',
      'push_request_errors 0 6 -195',
      'clear_request_errors 0',
      'set_rtt -1 250',
    ]);
  });

  it('reports an existing topic as not created', async () => {
    await expect(mockKafkaControl(channel.address).createTopic('taken', 1)).resolves.toBe(false);
  });

  it('turns an error reply into a KafkaMockCommandError with its code', async () => {
    const refusal = await mockKafkaControl(channel.address)
      .brokerDown(99)
      .catch((error: unknown) => error);

    expect(isKafkaMockCommandError(refusal)).toBe(true);
    expect(refusal).toMatchObject({ code: 'BROKER_NOT_AVAILABLE', command: 'broker_down 99' });
  });

  it('refuses arguments that are not integers before sending anything', async () => {
    await expect(mockKafkaControl(channel.address).setRtt(1, 2.5)).rejects.toThrow(TypeError);
    expect(channel.lines).toEqual([]);
  });
});

describe('realKafkaControl', () => {
  it('explains that faults need the mock broker', async () => {
    const control = realKafkaControl({} as Kafka);

    await expect(control.brokerDown(1)).rejects.toThrow(/needs the librdkafka mock broker/);
    await expect(control.pushRequestErrors(0, [6])).rejects.toThrow(/startKafkaMock/);
  });
});
