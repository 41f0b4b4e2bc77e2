import 'reflect-metadata';
import { create, type DescMessage } from '@bufbuild/protobuf';
import {
  BetPlacedSchema,
  DeductFromPlayerStackSchema,
  PlaceBetSchema,
  type BetPlaced,
  type PlaceBet,
} from '@poker/contracts';
import { Aggregate } from '../../decorators/aggregate.decorator';
import { Applies } from '../../decorators/applies.decorator';
import { Compensate } from '../../decorators/compensate.decorator';
import { Handles } from '../../decorators/handles.decorator';
import { OnEvent } from '../../decorators/on-event.decorator';
import { Rejected } from '../../decorators/rejected.decorator';
import { Saga } from '../../decorators/saga.decorator';
import { ConfigurationError } from '../../errors/configuration.error';
import type { RejectionContext, SagaContext } from './handler-types';
import { defineAggregate, rejectionKey } from './aggregate-definition';
import { aggregateDefinitionOf, sagaDefinitionOf } from './definition-of-instance';
import { defineSaga } from './saga-definition';

const ctx = { now: new Date(0), commandId: 'c', correlationId: 'k', root: 'r', domain: 'hand' };

@Aggregate({ domain: 'hand', snapshotEvery: 10 })
class HandLike {
  readonly factor = 2;
  initialState(): { pot: number } {
    return { pot: 0 };
  }
  @Handles(PlaceBetSchema)
  place(cmd: PlaceBet): BetPlaced {
    // Uses `this`: handlers are bound to their instance.
    return create(BetPlacedSchema, { amount: cmd.amount * this.factor });
  }
  @Applies(BetPlacedSchema)
  onBet(state: { pot: number }, e: BetPlaced): { pot: number } {
    return { pot: state.pot + e.amount };
  }
  @Rejected({ domain: 'table', command: 'DeductFromPlayerStack' })
  onDeductRejected(_r: RejectionContext): null {
    return null;
  }
  @Compensate('BetPlaced')
  undoBet(): null {
    return null;
  }
}

describe('aggregateDefinitionOf', () => {
  it('builds a definition from the decorated methods, bound to the instance', () => {
    const def = aggregateDefinitionOf<{ pot: number }>(new HandLike());
    expect(def).toMatchObject({
      kind: 'aggregate',
      name: 'HandLike',
      domain: 'hand',
      snapshotEvery: 10,
    });
    expect([...def.commands.keys()]).toEqual(['poker.v1.PlaceBet']);
    expect(def.commands.get('poker.v1.PlaceBet')?.name).toBe('HandLike.place');
    expect([...def.rejections.keys()]).toEqual([rejectionKey('table', 'DeductFromPlayerStack')]);
    expect([...def.compensators.keys()]).toEqual(['BetPlaced']);
    const event = def.commands
      .get('poker.v1.PlaceBet')
      ?.decide(create(PlaceBetSchema, { amount: 5 }), def.initialState(), ctx) as BetPlaced;
    expect(event.amount).toBe(10);
    expect(def.evolvers.get('poker.v1.BetPlaced')?.evolve({ pot: 1 }, event)).toEqual({ pot: 11 });
  });

  it('names both methods when two handle one command type', () => {
    @Aggregate({ domain: 'hand' })
    class Twice {
      initialState(): object {
        return {};
      }
      @Handles(PlaceBetSchema) first(): undefined {
        return undefined;
      }
      @Handles(PlaceBetSchema) second(): undefined {
        return undefined;
      }
    }
    expect(() => aggregateDefinitionOf(new Twice())).toThrow(ConfigurationError);
    expect(() => aggregateDefinitionOf(new Twice())).toThrow(/Twice\.first and Twice\.second/);
  });

  it('names both methods when two handle rejections of one (domain, command)', () => {
    @Aggregate({ domain: 'hand' })
    class TwoRejections {
      initialState(): object {
        return {};
      }
      @Rejected({ domain: 'table', command: 'DeductFromPlayerStack' }) a(): null {
        return null;
      }
      @Rejected({ domain: 'table', command: 'DeductFromPlayerStack' }) b(): null {
        return null;
      }
    }
    expect(() => aggregateDefinitionOf(new TwoRejections())).toThrow(
      /table\/DeductFromPlayerStack: TwoRejections\.a and TwoRejections\.b/,
    );
  });

  it('accepts one command type per handler across a class hierarchy, and rejects a redeclared one', () => {
    @Aggregate({ domain: 'hand' })
    class Base {
      initialState(): object {
        return {};
      }
      @Handles(PlaceBetSchema) place(): undefined {
        return undefined;
      }
    }
    @Aggregate({ domain: 'hand' })
    class Derived extends Base {
      @Handles(PlaceBetSchema) placeAgain(): undefined {
        return undefined;
      }
    }
    expect(() => aggregateDefinitionOf(new Base())).not.toThrow();
    expect(() => aggregateDefinitionOf(new Derived())).toThrow(
      /Derived\.place and Derived\.placeAgain/,
    );
  });

  it('reports a missing @Aggregate, a missing initialState and a bad domain', () => {
    expect(() => aggregateDefinitionOf(new (class Plain {})())).toThrow(
      /Plain is not decorated with @Aggregate/,
    );
    @Aggregate({ domain: 'hand' })
    class NoInitial {}
    expect(() => aggregateDefinitionOf(new NoInitial())).toThrow(
      /NoInitial.initialState is not a method/,
    );
    @Aggregate({ domain: 'Hand Domain' })
    class BadDomain {
      initialState(): object {
        return {};
      }
    }
    expect(() => aggregateDefinitionOf(new BadDomain())).toThrow(
      /invalid domain of aggregate BadDomain/,
    );
  });

  it('names the method whose schema is missing (an import cycle) instead of crashing', () => {
    const missing = undefined as unknown as DescMessage;
    @Aggregate({ domain: 'hand' })
    class Cyclic {
      initialState(): object {
        return {};
      }
      @Handles(missing) place(): undefined {
        return undefined;
      }
    }
    expect(() => aggregateDefinitionOf(new Cyclic())).toThrow(ConfigurationError);
    expect(() => aggregateDefinitionOf(new Cyclic())).toThrow(
      /Cyclic\.place needs a generated message schema/,
    );
    @Saga({ name: 'cyclic', from: 'hand', to: 'table' })
    class CyclicSaga {
      @OnEvent(missing) onBet(): undefined {
        return undefined;
      }
    }
    expect(() => sagaDefinitionOf(new CyclicSaga())).toThrow(
      /CyclicSaga\.onBet needs a generated message schema/,
    );
    expect(() =>
      defineAggregate({ name: 'C', domain: 'c', initialState: () => 0 }).applies(missing, (n) => n),
    ).toThrow(/evolver of C needs a generated message schema/);
  });
});

describe('defineAggregate', () => {
  it('builds the same kind of definition without decorators', () => {
    const def = defineAggregate({ name: 'Counter', domain: 'counter', initialState: () => 0 })
      .handles(PlaceBetSchema, (cmd) => create(BetPlacedSchema, { amount: cmd.amount }))
      .applies(BetPlacedSchema, (n, e) => n + e.amount)
      .rejected({ domain: 'table', command: 'DeductFromPlayerStack' }, () => null)
      .build();
    expect(def.commands.get('poker.v1.PlaceBet')?.name).toBe('Counter.PlaceBet');
    expect(def.snapshotEvery).toBeUndefined();
    expect(def.rejections.has('table/DeductFromPlayerStack')).toBe(true);
  });

  it('rejects a second evolver, an invalid snapshot interval and a non-short command name', () => {
    const builder = defineAggregate({ name: 'C', domain: 'c', initialState: () => 0 }).applies(
      BetPlacedSchema,
      (n) => n,
      'C.one',
    );
    expect(() => builder.applies(BetPlacedSchema, (n) => n, 'C.two')).toThrow(/C\.one and C\.two/);
    expect(() =>
      defineAggregate({ name: 'C', domain: 'c', initialState: () => 0, snapshotEvery: 0 }),
    ).toThrow(ConfigurationError);
    expect(() =>
      defineAggregate({ name: 'C', domain: 'c', initialState: () => 0 }).rejected(
        { domain: 'table', command: 'poker.v1.DeductFromPlayerStack' },
        () => null,
      ),
    ).toThrow(/short type name/);
  });
});

describe('sagas', () => {
  @Saga({ name: 'hand-table', from: 'hand', to: 'table' })
  class HandTable {
    @OnEvent(BetPlacedSchema)
    onBet(e: BetPlaced, c: SagaContext): unknown {
      return c.command(e.tableId, create(DeductFromPlayerStackSchema, { amount: e.amount }));
    }
  }

  it('builds a saga definition from @Saga and @OnEvent', () => {
    const def = sagaDefinitionOf(new HandTable());
    expect(def).toMatchObject({ kind: 'saga', name: 'hand-table', from: 'hand', to: 'table' });
    expect(def.handlers.get('poker.v1.BetPlaced')?.name).toBe('HandTable.onBet');
  });

  it('names both methods when two handle one event type', () => {
    @Saga({ name: 'dup', from: 'hand', to: 'table' })
    class Dup {
      @OnEvent(BetPlacedSchema) a(): undefined {
        return undefined;
      }
      @OnEvent(BetPlacedSchema) b(): undefined {
        return undefined;
      }
    }
    expect(() => sagaDefinitionOf(new Dup())).toThrow(/Dup\.a and Dup\.b/);
  });

  it('validates names used in topics and groups', () => {
    expect(() => defineSaga({ name: 'Hand Table', from: 'hand', to: 'table' })).toThrow(
      /invalid saga name/,
    );
    expect(() => sagaDefinitionOf(new (class NotASaga {})())).toThrow(/not decorated with @Saga/);
  });
});
