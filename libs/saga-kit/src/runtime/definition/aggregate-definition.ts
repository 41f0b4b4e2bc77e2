import type { DescMessage, Message, MessageShape } from '@bufbuild/protobuf';
import { ConfigurationError } from '../../errors/configuration.error';
import { shortTypeName } from '../../messaging/type-registry';
import type {
  CompensationOutcome,
  Decision,
  DecisionContext,
  RejectionContext,
  RejectionOutcome,
} from './handler-types';
import { assertMessageSchema, assertName, assertUnclaimed } from './naming';
import { jsonStateCodec, type StateCodec } from './state-codec';

/** The decider of one command type. */
export interface CommandHandlerDefinition<S> {
  /** `Class.method`, for error messages and logs. */
  readonly name: string;
  readonly schema: DescMessage;
  decide(command: Message, state: S, ctx: DecisionContext): Decision;
}

/** The evolver of one event type. */
export interface EvolverDefinition<S> {
  readonly name: string;
  readonly schema: DescMessage;
  evolve(state: S, event: Message): S;
}

/** The handler of rejections of one (domain, command) pair. */
export interface RejectionHandlerDefinition<S> {
  readonly name: string;
  readonly domain: string;
  readonly command: string;
  handle(rejection: RejectionContext, state: S): RejectionOutcome;
}

/** The inverse of one event type, for `Compensate` markers. */
export interface CompensatorDefinition<S> {
  readonly name: string;
  readonly eventType: string;
  compensate(original: Message, reason: string, state: S): CompensationOutcome;
}

/**
 * Everything the runtime needs to run one aggregate; plain data plus functions, built from a
 * decorated instance (`aggregateDefinitionOf`) or by hand (`defineAggregate`).
 */
export interface AggregateDefinition<S = unknown> {
  readonly kind: 'aggregate';
  readonly name: string;
  readonly domain: string;
  /** Snapshot every N events; undefined turns snapshots off. */
  readonly snapshotEvery: number | undefined;
  readonly stateCodec: StateCodec<S>;
  initialState(): S;
  /** By full command type name, e.g. `poker.v1.PlaceBet`. */
  readonly commands: ReadonlyMap<string, CommandHandlerDefinition<S>>;
  /** By full event type name. Events without an evolver leave the state unchanged. */
  readonly evolvers: ReadonlyMap<string, EvolverDefinition<S>>;
  /** By {@link rejectionKey}, e.g. `table/DeductFromPlayerStack`. */
  readonly rejections: ReadonlyMap<string, RejectionHandlerDefinition<S>>;
  /** By short event type name, e.g. `FundsReserved`. */
  readonly compensators: ReadonlyMap<string, CompensatorDefinition<S>>;
}

/** Key of a `@Rejected` handler: the rejecting domain and the short command type name. */
export function rejectionKey(domain: string, command: string): string {
  return `${domain}/${command}`;
}

/** Options of {@link defineAggregate}. */
export interface DefineAggregateOptions<S> {
  /** Name used in messages and audit (a class name for decorated aggregates). */
  name: string;
  domain: string;
  initialState: () => S;
  snapshotEvery?: number;
  stateCodec?: StateCodec<S>;
}

/** Builds an {@link AggregateDefinition}; two handlers for one key are a `ConfigurationError`. */
export class AggregateDefinitionBuilder<S> {
  private readonly commands = new Map<string, CommandHandlerDefinition<S>>();
  private readonly evolvers = new Map<string, EvolverDefinition<S>>();
  private readonly rejections = new Map<string, RejectionHandlerDefinition<S>>();
  private readonly compensators = new Map<string, CompensatorDefinition<S>>();

  constructor(private readonly options: DefineAggregateOptions<S>) {
    assertName(options.domain, `domain of aggregate ${options.name}`);
    const every = options.snapshotEvery;
    if (every !== undefined && (!Number.isInteger(every) || every < 1)) {
      throw new ConfigurationError(
        `snapshotEvery of aggregate ${options.name} must be a positive integer, got ${every}`,
      );
    }
  }

  /** Registers the decider of `schema` commands. */
  handles<D extends DescMessage>(
    schema: D,
    decide: (command: MessageShape<D>, state: S, ctx: DecisionContext) => Decision,
    handler?: string,
  ): this {
    assertMessageSchema(schema, handler ?? `command handler of ${this.options.name}`);
    const name = handler ?? `${this.options.name}.${shortTypeName(schema.typeName)}`;
    assertUnclaimed(this.commands, schema.typeName, name, 'command');
    this.commands.set(schema.typeName, {
      name,
      schema,
      decide: decide,
    });
    return this;
  }

  /** Registers the evolver of `schema` events. */
  applies<D extends DescMessage>(
    schema: D,
    evolve: (state: S, event: MessageShape<D>) => S,
    handler?: string,
  ): this {
    assertMessageSchema(schema, handler ?? `evolver of ${this.options.name}`);
    const name = handler ?? `${this.options.name}.${shortTypeName(schema.typeName)}`;
    assertUnclaimed(this.evolvers, schema.typeName, name, 'event');
    this.evolvers.set(schema.typeName, {
      name,
      schema,
      evolve: evolve,
    });
    return this;
  }

  /** Registers the handler of rejections of `command` (short type name) by `domain`. */
  rejected(
    on: { domain: string; command: string },
    handle: (rejection: RejectionContext, state: S) => RejectionOutcome,
    name = `${this.options.name}.${on.command}Rejected`,
  ): this {
    assertName(on.domain, `@Rejected domain of ${name}`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(on.command)) {
      throw new ConfigurationError(
        `@Rejected command of ${name} must be a short type name like DeductFromPlayerStack, got ${JSON.stringify(on.command)}`,
      );
    }
    const key = rejectionKey(on.domain, on.command);
    assertUnclaimed(this.rejections, key, name, 'rejections of');
    this.rejections.set(key, { name, domain: on.domain, command: on.command, handle });
    return this;
  }

  /** Registers the inverse of events of type `eventType` (short type name). */
  compensate(
    eventType: string,
    compensate: (original: Message, reason: string, state: S) => CompensationOutcome,
    name = `${this.options.name}.compensate${eventType}`,
  ): this {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(eventType)) {
      throw new ConfigurationError(
        `@Compensate of ${name} needs a short event type name, got ${JSON.stringify(eventType)}`,
      );
    }
    assertUnclaimed(this.compensators, eventType, name, 'compensation of');
    this.compensators.set(eventType, { name, eventType, compensate });
    return this;
  }

  build(): AggregateDefinition<S> {
    const { name, domain, snapshotEvery, initialState } = this.options;
    return Object.freeze({
      kind: 'aggregate' as const,
      name,
      domain,
      snapshotEvery,
      stateCodec: this.options.stateCodec ?? jsonStateCodec<S>(),
      initialState,
      commands: new Map(this.commands),
      evolvers: new Map(this.evolvers),
      rejections: new Map(this.rejections),
      compensators: new Map(this.compensators),
    });
  }
}

/** Starts an aggregate definition without decorators. */
export function defineAggregate<S>(
  options: DefineAggregateOptions<S>,
): AggregateDefinitionBuilder<S> {
  return new AggregateDefinitionBuilder(options);
}

/** Whether a value is an already built {@link AggregateDefinition}. */
export function isAggregateDefinition(value: unknown): value is AggregateDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'aggregate'
  );
}
