import { create } from '@bufbuild/protobuf';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  BetPlacedSchema,
  HandSeatSchema,
  HandStartedSchema,
  OpenTableSchema,
  PlaceBetSchema,
  StartHandSchema,
  POKER_FILES,
  type BetPlaced,
  type PlaceBet,
} from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { Aggregate, Applies, Handles, OnEvent, Saga } from '../../decorators';
import { isSagaKitError } from '../../errors/saga-kit.error';
import { rootToString, newRoot, uuidToBytes } from '../../messaging/ids';
import { buildCommandBook, type CommandBookInit } from '../../runtime/envelope/command-book';
import { SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';
import { HandFixture, HandTableSagaFixture, TableFixture } from '../../testing/fixtures';
import { createTestApp, POKER_PROVIDERS, type TestApp } from '../nest-fixtures.spec';
import { SagaKitHost } from './saga-kit-host';
import { InjectSagaKit } from './inject-saga-kit.decorator';
import { SagaKitModule } from './saga-kit.module';

@Aggregate({ domain: 'bets' })
class SecondBetTaker {
  initialState(): object {
    return {};
  }

  @Handles(PlaceBetSchema)
  placeBet(cmd: PlaceBet): BetPlaced {
    return create(BetPlacedSchema, { playerId: cmd.playerId, amount: cmd.amount });
  }
}

@Aggregate({ domain: 'hand' })
class SecondHand {
  initialState(): object {
    return {};
  }

  @Applies(HandStartedSchema)
  started(state: object): object {
    return state;
  }
}

@Saga({ name: 'hand-table', from: 'hand', to: 'table' })
class SameNameSaga {
  @OnEvent(BetPlacedSchema)
  onBet(): void {}
}

/** An application service that needs the runtime. */
@Injectable()
class Croupier {
  constructor(@InjectSagaKit() readonly runtime: SagaKitRuntime) {}
}

async function startFailure(providers: unknown[]): Promise<Error> {
  const error = await createTestApp({
    providers: providers as never[],
    http: false,
  }).then(
    (app) => app.close().then(() => new Error('expected the application not to start')),
    (e: unknown) => e as Error,
  );
  return error;
}

describe('SagaKitModule', () => {
  let t: TestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('discovers the @Aggregate and @Saga providers and runs their flows', async () => {
    t = await createTestApp({ http: false, providers: [...POKER_PROVIDERS, Croupier] });
    const host = t.app.get(SagaKitHost);
    expect(host.domains.sort()).toEqual(['hand', 'player', 'table']);
    expect(host.started).toBe(true);
    expect(t.runtime.saga('hand-table').source).toBe('hand');
    expect(t.runtime.saga('player-table').source).toBe('player');
    expect(t.runtime.saga('table-player').source).toBe('table');
    // The provider instance is the one the runtime calls.
    const saga = t.app.get(HandTableSagaFixture);
    expect(t.app.get(Croupier).runtime).toBe(t.runtime);

    const table = rootToString(newRoot());
    const hand = rootToString(newRoot());
    const player = rootToString(newRoot());
    const registry = host.adapters.registry;
    const send = (domain: string, root: string, command: CommandBookInit['command']) =>
      t!.runtime.send(buildCommandBook(registry, { domain, root, command }));
    await send('table', table, create(OpenTableSchema, { name: 'T', maxSeats: 6 }));
    await send(
      'hand',
      hand,
      create(StartHandSchema, {
        tableId: uuidToBytes(table),
        seats: [create(HandSeatSchema, { playerId: uuidToBytes(player), seat: 1, stack: 100 })],
      }),
    );
    const outcome = await send(
      'hand',
      hand,
      create(PlaceBetSchema, { playerId: uuidToBytes(player), amount: 10 }),
    );
    expect(outcome.result.case).toBe('accepted');
    await t.waitForIdle();
    // The player never sat at the table: the deduction is rejected and the bet reverted.
    expect(saga.calls).toEqual(['BetPlaced@1']);
    const history = await t.store.load({ domain: 'hand', root: hand });
    expect(history.pages.map((p) => p.event?.typeUrl.split('.').pop())).toEqual([
      'HandStarted',
      'BetPlaced',
      'BetReverted',
    ]);
  });

  it('fails to start when two providers handle one command type, naming both handlers', async () => {
    const error = await startFailure([HandFixture, SecondBetTaker]);
    expect(isSagaKitError(error) && error.code).toBe('CONFIGURATION');
    expect(error.message).toContain('two handlers for command poker.v1.PlaceBet');
    expect(error.message).toContain('HandFixture.bet');
    expect(error.message).toContain('SecondBetTaker.placeBet');
  });

  it('fails to start when two providers are aggregates of one domain, naming both', async () => {
    const error = await startFailure([HandFixture, SecondHand]);
    expect(error.message).toMatch(/two aggregates for domain hand: HandFixture and SecondHand/);
  });

  it('fails to start when two sagas share a name, naming both', async () => {
    const error = await startFailure([HandTableSagaFixture, SameNameSaga]);
    expect(error.message).toMatch(
      /two sagas named hand-table: HandTableSagaFixture and SameNameSaga/,
    );
  });

  it('forRootAsync builds the options with injected dependencies', async () => {
    const CONFIG = Symbol('config');
    @Module({
      providers: [{ provide: CONFIG, useValue: { prefix: 'async-test' } }],
      exports: [CONFIG],
    })
    class ConfigModule {}
    const clock = new ManualClock(new Date('2030-01-02T03:04:05Z'));
    const moduleRef = await Test.createTestingModule({
      imports: [
        SagaKitModule.forRootAsync({
          imports: [ConfigModule],
          inject: [CONFIG],
          useFactory: (config: { prefix: string }) => ({
            service: 'async',
            prefix: config.prefix,
            registryFiles: POKER_FILES,
            logger: pino({ level: 'silent' }),
            clock,
            metrics: false,
          }),
        }),
      ],
      providers: [TableFixture],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const runtime = app.get(SagaKitRuntime);
      expect(runtime.topics.prefix).toBe('async-test');
      expect(app.get(SagaKitHost).domains).toEqual(['table']);
      const registry = app.get(SagaKitHost).adapters.registry;
      await runtime.send(
        buildCommandBook(registry, {
          domain: 'table',
          root: rootToString(newRoot()),
          command: create(OpenTableSchema, { name: 'T', maxSeats: 2 }),
          correlationId: 'async-clock',
        }),
      );
      // The clock was passed through to the runtime.
      const [entry] = await runtime.timeline('async-clock');
      expect(entry?.at.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    } finally {
      await app.close();
    }
  });

  it('stops the consumers on shutdown and refuses late registrations', async () => {
    t = await createTestApp({ http: false });
    const host = t.app.get(SagaKitHost);
    expect(() => t!.runtime.register({ aggregates: [] })).toThrow(/before start/);
    await t.app.close();
    expect(host.started).toBe(false);
  });

  it('waits for in-flight gateway commands before closing the adapters', async () => {
    t = await createTestApp({ http: false });
    const host = t.app.get(SagaKitHost);
    const close = jest.spyOn(host.adapters, 'close');
    let finish: () => void = () => undefined;
    void host.track(new Promise<void>((resolve) => (finish = resolve)));
    const closing = t.app.close();
    // Let shutdown run as far as it can: the consumers stop, the adapters must stay open.
    for (let i = 0; i < 50 && host.started; i++) await new Promise(setImmediate);
    for (let i = 0; i < 20; i++) await new Promise(setImmediate);
    expect(host.started).toBe(false);
    expect(close).not.toHaveBeenCalled();
    finish();
    await closing;
    expect(close).toHaveBeenCalledTimes(1);
  });
});
