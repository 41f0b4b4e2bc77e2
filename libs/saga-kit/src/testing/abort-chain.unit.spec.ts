import { create, type Message } from '@bufbuild/protobuf';
import {
  FundsReleasedSchema,
  HandSeatSchema,
  POKER_FILES,
  PlayerRegisteredSchema,
  PlayerSuspendedSchema,
  RegisterPlayerSchema,
  ReserveFundsSchema,
  StartHandSchema,
  type PlayerRegistered,
  type RegisterPlayer,
} from '@poker/contracts';
import { CommandRejectedError } from '../errors/command-rejected.error';
import { newRoot, rootToString, uuidToBytes } from '../messaging/ids';
import { shortTypeName } from '../messaging/type-registry';
import { defineAggregate } from '../runtime/definition/aggregate-definition';
import { defineSaga } from '../runtime/definition/saga-definition';
import { delegateToFramework } from '../runtime/rejection/delegate-to-framework';
import {
  AbortingTableFixture,
  accept,
  HandFixture,
  PlayerFixture,
  PlayerTableSagaFixture,
  tableAndPlayer,
  TableHandSagaFixture,
} from './fixtures';
import { createHarness, type Harness } from './harness';

const types = (events: Message[]) => events.map((e) => shortTypeName(e.$typeName));

describe('abort: the saga chain stops and the rejection unwinds upstream', () => {
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  /**
   * player --ReserveFunds--> FundsReserved --saga--> table --JoinTable--> PlayerJoined --saga-->
   * hand --StartHand--> rejected (hand_already_started). The table aborts; the player, upstream
   * of the table, gets the rejection of its JoinTable and releases the funds.
   */
  async function threeStepChain() {
    const hand = rootToString(newRoot());
    h = await createHarness({
      aggregates: [PlayerFixture, AbortingTableFixture, HandFixture],
      sagas: [PlayerTableSagaFixture, new TableHandSagaFixture(hand)],
      registryFiles: POKER_FILES,
    });
    const { table, player } = await tableAndPlayer(h, 1000);
    await accept(h, {
      domain: 'hand',
      root: hand,
      command: create(StartHandSchema, {
        tableId: uuidToBytes(table),
        seats: [create(HandSeatSchema, { playerId: newRoot(), seat: 1, stack: 10 })],
      }),
    });
    await accept(h, {
      domain: 'player',
      root: player,
      command: create(ReserveFundsSchema, { tableId: uuidToBytes(table), amount: 300, seat: 2 }),
      correlationId: 'chain-1',
    });
    await h.waitForIdle();
    return { h, hand, table, player };
  }

  it('unwinds the upstream aggregate through its @Rejected handler', async () => {
    const { h, table, player } = await threeStepChain();

    const playerHistory = await h.history('player', player);
    expect(types(playerHistory)).toEqual(['PlayerRegistered', 'FundsReserved', 'FundsReleased']);
    expect(playerHistory[2]).toEqual(
      create(FundsReleasedSchema, {
        tableId: uuidToBytes(table),
        amount: 300,
        reason: 'aborted: hand_already_started',
      }),
    );
    expect(await h.state('player', player)).toMatchObject({ bankroll: 1000, reserved: {} });
    expect(types(await h.history('table', table))).toEqual([
      'TableOpened',
      'PlayerJoined',
      'SagaCompensationFailed',
    ]);
    expect(await h.runtime.failure.abortRegistry.get('chain-1')).toMatchObject({
      reason: 'hand could not start: hand_already_started',
      domain: 'table',
      root: table,
    });

    const timeline = (await h.timeline('chain-1')).map((e) => `${e.kind}@${e.domain}`);
    expect(timeline).toEqual([
      'command.accepted@player',
      'command.issued@player',
      'command.accepted@table',
      'command.issued@table',
      'command.rejected@hand',
      'notification.sent@hand',
      'revocation.delegated@table',
      'system-revocation.appended@table',
      'saga.aborted@table',
      'notification.sent@table',
      'notification.handled@table',
      'notification.handled@player',
      'compensation.appended@player',
    ]);
    const propagated = (await h.timeline('chain-1')).find(
      (e) => e.kind === 'notification.sent' && e.domain === 'table',
    );
    expect(propagated).toMatchObject({
      commandType: 'JoinTable',
      reason: 'aborted: hand_already_started',
      peer: { domain: 'player', root: player },
    });
  });

  it('issues no further saga command for the aborted flow', async () => {
    const { h, table, player } = await threeStepChain();
    const commandsBefore = h.transport.messages(h.topics.commands('table')).length;

    // The same flow goes on at the player: its saga would ask the table again.
    await h.send({
      domain: 'player',
      root: player,
      command: create(ReserveFundsSchema, { tableId: uuidToBytes(table), amount: 100, seat: 3 }),
      correlationId: 'chain-1',
    });
    await h.waitForIdle();

    expect(h.transport.messages(h.topics.commands('table'))).toHaveLength(commandsBefore);
    const skipped = (await h.timeline('chain-1')).filter((e) => e.kind === 'command.skipped');
    expect(skipped).toEqual([
      expect.objectContaining({ commandType: 'JoinTable', reason: 'saga chain aborted' }),
    ]);
    // Another flow is not affected.
    await h.send({
      domain: 'player',
      root: player,
      command: create(ReserveFundsSchema, { tableId: uuidToBytes(table), amount: 50, seat: 4 }),
      correlationId: 'other-flow',
    });
    await h.waitForIdle();
    expect(h.transport.messages(h.topics.commands('table'))).toHaveLength(commandsBefore + 1);
  });

  /**
   * A chain of `n` aggregates a → b → c → ...: each registers at the next; the last refuses, the
   * one before it aborts. `handles(domain)` says which upstream aggregates have a handler.
   */
  async function chain(domains: string[], handles: (domain: string) => boolean) {
    const roots = Object.fromEntries(domains.map((d) => [d, rootToString(newRoot())]));
    const last = domains[domains.length - 1]!;
    const aborting = domains[domains.length - 2]!;
    const aggregates = domains.map((domain, i) => {
      const builder = defineAggregate<{ suspended: string[] }>({
        name: `Step_${domain}`,
        domain,
        initialState: () => ({ suspended: [] }),
      }).handles(RegisterPlayerSchema, (cmd: RegisterPlayer) => {
        if (domain === last) throw new CommandRejectedError('end_of_the_line');
        return create(PlayerRegisteredSchema, { name: cmd.name, bankroll: i });
      });
      const next = domains[i + 1];
      if (domain === aborting) {
        builder.rejected({ domain: last, command: 'RegisterPlayer' }, (r) =>
          delegateToFramework({ reason: `gave up: ${r.reason}`, abort: true }),
        );
      } else if (next && handles(domain)) {
        builder.rejected({ domain: next, command: 'RegisterPlayer' }, (r) =>
          create(PlayerSuspendedSchema, { reason: r.reason }),
        );
      }
      return builder.build();
    });
    const sagas = domains.slice(0, -1).map((from, i) => {
      const to = domains[i + 1]!;
      return defineSaga({ name: `${from}-${to}`, from, to })
        .on(PlayerRegisteredSchema, (e: PlayerRegistered, ctx) =>
          ctx.command(roots[to]!, create(RegisterPlayerSchema, { name: e.name })),
        )
        .build();
    });
    h = await createHarness({ aggregates, sagas, registryFiles: POKER_FILES });
    await h.send({
      domain: domains[0]!,
      root: roots[domains[0]!]!,
      command: create(RegisterPlayerSchema, { name: 'start' }),
      correlationId: 'long-chain',
    });
    await h.waitForIdle();
    const historyOf = async (d: string) => types(await h!.history(d, roots[d]!));
    return { h, historyOf };
  }

  it('keeps unwinding past the first upstream aggregate, to the start of the chain', async () => {
    const { historyOf } = await chain(['step-a', 'step-b', 'step-c', 'step-d'], () => true);

    expect(await historyOf('step-c')).toEqual(['PlayerRegistered']);
    expect(await historyOf('step-b')).toEqual(['PlayerRegistered', 'PlayerSuspended']);
    expect(await historyOf('step-a')).toEqual(['PlayerRegistered', 'PlayerSuspended']);
    const a = await h!.history('step-a', (await h!.timeline('long-chain'))[0]!.root);
    expect(a[1]).toEqual(create(PlayerSuspendedSchema, { reason: 'aborted: end_of_the_line' }));
  });

  it('passes through an upstream aggregate without a handler (its fallback runs) to the next one', async () => {
    const { historyOf } = await chain(
      ['step-a', 'step-b', 'step-c', 'step-d'],
      (domain) => domain !== 'step-b',
    );

    expect(await historyOf('step-b')).toEqual(['PlayerRegistered', 'SagaCompensationFailed']);
    expect(await historyOf('step-a')).toEqual(['PlayerRegistered', 'PlayerSuspended']);
  });
});
