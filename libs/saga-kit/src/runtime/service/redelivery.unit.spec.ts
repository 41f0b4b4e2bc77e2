import { create } from '@bufbuild/protobuf';
import { PlaceBetSchema } from '@poker/contracts';
import { Headers } from '../../messaging/headers';
import { uuidToBytes } from '../../messaging/ids';
import { foldAtTableOnly, pokerWorld, seatedHand, type PokerWorld } from '../../testing/fixtures';

/** At-least-once delivery, exactly-once effect: every redelivered message is a no-op. */
describe('redelivery', () => {
  let world: PokerWorld;

  beforeEach(async () => {
    world = await pokerWorld();
  });

  afterEach(async () => {
    await world.harness.stop();
  });

  const typesOf = async (domain: string, root: string) =>
    (await world.harness.history(domain, root)).map((e) => e.$typeName.replace('poker.v1.', ''));

  /** Publishes the last message of a topic again, as a rebalance would redeliver it. */
  async function redeliverLast(
    topic: string,
    predicate: (headers: Record<string, string>) => boolean,
  ) {
    const h = world.harness;
    const original = h.transport
      .messages(topic)
      .filter((m) => predicate(m.headers))
      .at(-1);
    if (!original) throw new Error(`no message to redeliver on ${topic}`);
    const { key, value, headers } = original;
    await h.transport.publish([{ topic, key, value, headers }]);
    await h.waitForIdle();
    return original;
  }

  it('the same event delivered twice issues one command (same id) and moves the chips once', async () => {
    const h = world.harness;
    const seated = await seatedHand(h);
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(seated.player), amount: 30 }),
      correlationId: 'redeliver-event',
    });
    await h.waitForIdle();
    await redeliverLast(
      h.topics.events('hand'),
      (hd) => hd[Headers.CorrelationId] === 'redeliver-event',
    );

    expect(world.handTable.calls).toEqual(['BetPlaced@1', 'BetPlaced@1']);
    const commands = h.transport
      .messages(h.topics.commands('table'))
      .filter((m) => m.headers[Headers.CorrelationId] === 'redeliver-event');
    expect(commands).toHaveLength(2);
    expect(new Set(commands.map((m) => m.headers[Headers.MessageId])).size).toBe(1);
    expect(await typesOf('table', seated.table)).toEqual([
      'TableOpened',
      'PlayerJoined',
      'StackDeducted',
    ]);
    const table = await h.state<{ seats: Record<string, { stack: number }> }>(
      'table',
      seated.table,
    );
    expect(table.seats[seated.player]?.stack).toBe(470);
    const issued = (await h.timeline('redeliver-event')).filter((e) => e.kind === 'command.issued');
    expect(issued).toHaveLength(1);
  });

  it('the same rejection notification delivered twice compensates once', async () => {
    const h = world.harness;
    const seated = await seatedHand(h);
    await foldAtTableOnly(h, seated);
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(seated.player), amount: 30 }),
      correlationId: 'redeliver-notification',
    });
    await h.waitForIdle();
    expect(await typesOf('hand', seated.hand)).toEqual(['HandStarted', 'BetPlaced', 'BetReverted']);

    await redeliverLast(
      h.topics.notifications('hand'),
      (hd) => hd[Headers.CorrelationId] === 'redeliver-notification',
    );
    await redeliverLast(
      h.topics.notifications('hand'),
      (hd) => hd[Headers.CorrelationId] === 'redeliver-notification',
    );

    expect(await typesOf('hand', seated.hand)).toEqual(['HandStarted', 'BetPlaced', 'BetReverted']);
    expect((await h.state<{ reverted: number }>('hand', seated.hand)).reverted).toBe(1);
    const compensations = (await h.timeline('redeliver-notification')).filter(
      (e) => e.kind === 'compensation.appended',
    );
    expect(compensations).toHaveLength(1);
  });

  it('the same command twice, through the consumer and in-process, appends once', async () => {
    const h = world.harness;
    const seated = await seatedHand(h);
    const init = {
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(seated.player), amount: 30 }),
      commandId: 'place-once',
    };
    await h.publish(init);
    await h.publish(init);
    await h.waitForIdle();
    const outcome = await h.send(init);
    await h.waitForIdle();

    expect(outcome.result).toEqual({
      case: 'accepted',
      value: expect.objectContaining({ sequences: [1n] }) as unknown,
    });
    expect(await typesOf('hand', seated.hand)).toEqual(['HandStarted', 'BetPlaced']);
    expect(await typesOf('table', seated.table)).toEqual([
      'TableOpened',
      'PlayerJoined',
      'StackDeducted',
    ]);
    expect(h.deadLetters('hand')).toEqual([]);
  });
});
