import { create, toBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  ActionRequestedSchema,
  ExpireActionTimerSchema,
  HandSeatSchema,
  PlaceBetSchema,
  POKER_FILES,
  StartHandSchema,
  type ActionRequested,
} from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { OnEvent, Saga } from '../../decorators';
import { MemoryJobQueue } from '../../adapters/memory/memory-job-queue';
import { CommandBookSchema } from '../../gen/sagakit/v1/envelope_pb';
import { newRoot, rootToString } from '../../messaging/ids';
import { Topics } from '../../messaging/topics';
import { decode, shortTypeName, TypeRegistry } from '../../messaging/type-registry';
import type { JobQueue } from '../../ports/job-queue.port';
import type { OutgoingMessage, Transport } from '../../ports/transport.port';
import { createHarness, type Harness, type HarnessOptions } from '../../testing/harness';
import { describeEntry } from '../audit/describe-entry';
import type { SagaCommand, SagaContext } from '../definition/handler-types';
import { buildCommandBook } from '../envelope/command-book';
import { createSagaContext } from '../saga/saga-context';
import { NO_TIMER_QUEUE } from '../saga/saga-runner';
import { CommandTimers } from './command-timers';
import { SHOT_CLOCK_SECONDS, ShotClockHand, ShotClockSaga } from './timer-fixtures.spec';

const SHOT_CLOCK_MS = SHOT_CLOCK_SECONDS * 1000;
const silent = pino({ level: 'silent' });

/** The shot clock's timers, each with a deadline for the hand's answer. */
@Saga({ name: 'shot-clock', from: 'hand', to: 'hand' })
class DeadlinedShotClockSaga {
  @OnEvent(ActionRequestedSchema)
  onPrompt(e: ActionRequested, ctx: SagaContext): SagaCommand {
    const deliverAt = timestampDate(e.expiresAt!);
    return ctx.command(
      ctx.source.root,
      create(ExpireActionTimerSchema, { playerId: e.playerId, actionNumber: e.actionNumber }),
      { deliverAt, deadline: new Date(deliverAt.getTime() + 60_000) },
    );
  }
}

describe('durable timers: saga commands delivered at a time', () => {
  let h: Harness;
  const hand = rootToString(newRoot());
  const alice = newRoot();

  afterEach(async () => {
    await h.stop();
  });

  /** A hand whose first prompt (action 1) went to Alice, with the shot clock's timer set. */
  async function promptAlice(options: Partial<HarnessOptions> = {}) {
    h = await createHarness({
      aggregates: [ShotClockHand],
      sagas: [ShotClockSaga],
      registryFiles: POKER_FILES,
      ...options,
    });
    await h.send({
      domain: 'hand',
      root: hand,
      command: create(StartHandSchema, {
        seats: [create(HandSeatSchema, { playerId: alice, seat: 1, stack: 100 })],
      }),
      correlationId: 'shot-clock',
    });
    await h.waitForIdle();
  }
  const fire = async () => {
    const claimed = await h.runtime.timers.runOnce();
    await h.waitForIdle();
    return claimed;
  };
  const types = async () =>
    (await h.pages('hand', hand)).map((p) => shortTypeName(p.event?.typeUrl ?? ''));

  it('holds the command in the queue until it is due, then delivers it once', async () => {
    await promptAlice();
    const queue = h.runtime.timers.queue!;
    expect(await queue.size()).toBe(1);
    expect(h.transport.messages(h.topics.commands('hand'))).toHaveLength(0);

    h.clock.advance(SHOT_CLOCK_MS - 1);
    expect(await fire()).toBe(0);
    expect(await types()).toEqual(['HandStarted', 'ActionRequested']);

    h.clock.advance(1);
    expect(await fire()).toBe(1);
    expect(await types()).toEqual(['HandStarted', 'ActionRequested', 'PlayerFolded']);
    expect(await queue.size()).toBe(0);
    expect(await fire()).toBe(0);

    // The timeline shows the timer set for the prompt, then the command it delivered.
    const timeline = await h.timeline('shot-clock');
    const set = timeline.find((e) => e.kind === 'command.issued');
    expect(set).toMatchObject({ saga: 'shot-clock', commandType: 'ExpireActionTimer' });
    expect(set?.details?.deliverAt).toBe(
      new Date(Date.parse('2024-01-01') + SHOT_CLOCK_MS).toISOString(),
    );
    expect(describeEntry(set!)).toMatch(
      /issued ExpireActionTimer .* to deliver at 2024-01-01T00:00:30/,
    );
    expect(timeline.at(-1)).toMatchObject({
      kind: 'command.accepted',
      commandType: 'ExpireActionTimer',
      eventTypes: ['PlayerFolded'],
    });
  });

  it('stores a redelivered event’s timer once: its job id is the command id', async () => {
    await promptAlice();
    const [events] = h.transport.messages(h.topics.events('hand'));
    await h.transport.publish([{ ...events!, headers: { ...events!.headers } }]);
    await h.waitForIdle();
    expect(await h.runtime.timers.queue!.size()).toBe(1);

    h.clock.advance(SHOT_CLOCK_MS);
    expect(await fire()).toBe(1);
    expect(await types()).toEqual(['HandStarted', 'ActionRequested', 'PlayerFolded']);
  });

  it('is ignored by the target when stale: the player acted before it fired', async () => {
    await promptAlice();
    await h.send({
      domain: 'hand',
      root: hand,
      command: create(PlaceBetSchema, { playerId: alice, amount: 10 }),
    });
    await h.waitForIdle();
    expect(await h.runtime.timers.queue!.size()).toBe(2);

    h.clock.advance(SHOT_CLOCK_MS);
    expect(await fire()).toBe(2);
    // Action 1's timer changes nothing; action 2's (set 0 ms later, same expiry) folds.
    expect(await types()).toEqual([
      'HandStarted',
      'ActionRequested',
      'BetPlaced',
      'ActionRequested',
      'PlayerFolded',
    ]);
    const accepted = (await h.timeline('shot-clock')).filter(
      (e) => e.kind === 'command.accepted' && e.commandType === 'ExpireActionTimer',
    );
    expect(accepted.map((e) => e.eventTypes ?? [])).toEqual([[]]);
  });

  it('fires again after a crash between publish and ack, and the target applies it once', async () => {
    let failAck = true;
    const inner = new MemoryJobQueue();
    const crashing: JobQueue = {
      enqueue: (job) => inner.enqueue(job),
      claim: (now, limit, lease) => inner.claim(now, limit, lease),
      reschedule: (id, at) => inner.reschedule(id, at),
      size: () => inner.size(),
      ack: async (id) => {
        if (failAck) {
          failAck = false;
          throw new Error('worker died');
        }
        return inner.ack(id);
      },
    };
    await promptAlice({ timers: { queue: crashing, pollIntervalMs: 0, leaseMs: 5_000 } });
    h.clock.advance(SHOT_CLOCK_MS);
    await expect(h.runtime.timers.runOnce()).rejects.toThrow('worker died');
    await h.waitForIdle();
    expect(await fire()).toBe(0); // hidden for the lease

    h.clock.advance(5_000);
    expect(await fire()).toBe(1);
    expect(h.transport.messages(h.topics.commands('hand'))).toHaveLength(2);
    expect(await types()).toEqual(['HandStarted', 'ActionRequested', 'PlayerFolded']);
    expect(await crashing.size()).toBe(0);
  });

  it('without a timer queue, records the command as skipped instead of issuing it', async () => {
    const deadlines = new MemoryJobQueue();
    await promptAlice({ timers: {}, scheduler: deadlines, sagas: [DeadlinedShotClockSaga] });
    // A command never sent has no outcome to wait for: no deadline is set for it.
    expect(await deadlines.claim(new Date(8.64e15), 10, 1000)).toEqual([]);
    expect(h.transport.messages(h.topics.commands('hand'))).toHaveLength(0);
    const skipped = (await h.timeline('shot-clock')).filter((e) => e.kind === 'command.skipped');
    expect(skipped).toEqual([
      expect.objectContaining({ commandType: 'ExpireActionTimer', reason: NO_TIMER_QUEUE }),
    ]);
  });
});

describe('CommandTimers', () => {
  const topics = new Topics('timers');
  const book = buildCommandBook(new TypeRegistry(...POKER_FILES), {
    domain: 'hand',
    root: rootToString(newRoot()),
    command: create(PlaceBetSchema, { amount: 10 }),
  });

  it('keeps a timer whose publish failed and publishes it after a backoff', async () => {
    const clock = new ManualClock();
    const queue = new MemoryJobQueue();
    const published: OutgoingMessage[] = [];
    let down = true;
    const transport: Transport = {
      publish: (messages) => {
        if (down) return Promise.reject(new Error('broker down'));
        published.push(...messages);
        return Promise.resolve();
      },
      subscribe: () => Promise.reject(new Error('not used')),
      close: () => Promise.resolve(),
    };
    const timers = new CommandTimers({ transport, topics, clock, logger: silent }, { queue });
    expect(await timers.schedule([{ book, deliverAt: clock.now() }])).toBe(true);

    expect(await timers.runOnce()).toBe(1);
    expect(await queue.size()).toBe(1);
    expect(await timers.runOnce()).toBe(0); // waiting out the backoff

    down = false;
    clock.advance(60_000);
    expect(await timers.runOnce()).toBe(1);
    expect(await queue.size()).toBe(0);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      topic: 'timers.hand.commands',
      key: rootToString(book.cover!.root),
    });
    expect(decode(CommandBookSchema, published[0]!.value).commandId).toBe(book.commandId);
  });

  it('drops an unreadable timer job rather than blocking the queue', async () => {
    const clock = new ManualClock();
    const queue = new MemoryJobQueue();
    await queue.enqueue({ id: 'garbage', payload: '{"book":"@@"}', dueAt: clock.now() });
    const transport: Transport = {
      publish: () => Promise.resolve(),
      subscribe: () => Promise.reject(new Error('not used')),
      close: () => Promise.resolve(),
    };
    const timers = new CommandTimers({ transport, topics, clock, logger: silent }, { queue });
    expect(await timers.runOnce()).toBe(1);
    expect(await queue.size()).toBe(0);
  });

  it('drops a timer that can never be published and still publishes the others of its round', async () => {
    const clock = new ManualClock();
    const queue = new MemoryJobQueue();
    const published: OutgoingMessage[] = [];
    const transport: Transport = {
      publish: (messages) => {
        published.push(...messages);
        return Promise.resolve();
      },
      subscribe: () => Promise.reject(new Error('not used')),
      close: () => Promise.resolve(),
    };
    const stunted = create(CommandBookSchema, {
      ...book,
      commandId: 'stunted',
      cover: { ...book.cover!, root: new Uint8Array(3) },
    });
    const payload = JSON.stringify({
      commandId: 'stunted',
      book: Buffer.from(toBinary(CommandBookSchema, stunted)).toString('base64'),
    });
    await queue.enqueue({ id: 'stunted', payload, dueAt: clock.now() });
    const timers = new CommandTimers({ transport, topics, clock, logger: silent }, { queue });
    expect(await timers.schedule([{ book, deliverAt: clock.now() }])).toBe(true);

    expect(await timers.runOnce()).toBe(2);
    expect(await queue.size()).toBe(0);
    expect(published.map((m) => decode(CommandBookSchema, m.value).commandId)).toEqual([
      book.commandId,
    ]);
  });

  it('refuses a deliverAt that is not a date', () => {
    const { ctx } = createSagaContext({
      saga: 's',
      source: { domain: 'hand', root: rootToString(newRoot()), sequence: 0, eventId: 'e' },
      correlationId: 'c',
      now: new Date(),
    });
    expect(() =>
      ctx.command(newRoot(), create(PlaceBetSchema, {}), { deliverAt: new Date('nope') }),
    ).toThrow('deliverAt must be a valid Date');
  });
});
