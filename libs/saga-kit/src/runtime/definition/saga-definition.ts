import type { DescMessage, Message, MessageShape } from '@bufbuild/protobuf';
import { shortTypeName } from '../../messaging/type-registry';
import type { SagaContext, SagaReaction } from './handler-types';
import { assertMessageSchema, assertName, assertUnclaimed } from './naming';

/** The handler of one source event type. */
export interface SagaEventHandlerDefinition {
  /** `Class.method`, for error messages and logs. */
  readonly name: string;
  readonly schema: DescMessage;
  handle(event: Message, ctx: SagaContext): SagaReaction;
}

/** Everything the runtime needs to run one stateless saga. */
export interface SagaDefinition {
  readonly kind: 'saga';
  readonly name: string;
  /** Domain whose events the saga consumes. */
  readonly from: string;
  /** Domain the saga's commands go to. */
  readonly to: string;
  /** By full event type name. Events without a handler are skipped. */
  readonly handlers: ReadonlyMap<string, SagaEventHandlerDefinition>;
}

/** Options of {@link defineSaga}. */
export interface DefineSagaOptions {
  name: string;
  from: string;
  to: string;
  /** Name used in handler names (a class name for decorated sagas). */
  className?: string;
}

/** Builds a {@link SagaDefinition}; two handlers for one event type are a `ConfigurationError`. */
export class SagaDefinitionBuilder {
  private readonly handlers = new Map<string, SagaEventHandlerDefinition>();

  constructor(private readonly options: DefineSagaOptions) {
    assertName(options.name, 'saga name');
    assertName(options.from, `source domain of saga ${options.name}`);
    assertName(options.to, `target domain of saga ${options.name}`);
  }

  /** Registers the handler of `schema` events. */
  on<D extends DescMessage>(
    schema: D,
    handle: (event: MessageShape<D>, ctx: SagaContext) => SagaReaction,
    handler?: string,
  ): this {
    const owner = this.options.className ?? this.options.name;
    assertMessageSchema(schema, handler ?? `event handler of ${owner}`);
    const name = handler ?? `${owner}.on${shortTypeName(schema.typeName)}`;
    assertUnclaimed(this.handlers, schema.typeName, name, 'event');
    this.handlers.set(schema.typeName, {
      name,
      schema,
      handle: handle,
    });
    return this;
  }

  build(): SagaDefinition {
    const { name, from, to } = this.options;
    return Object.freeze({
      kind: 'saga' as const,
      name,
      from,
      to,
      handlers: new Map(this.handlers),
    });
  }
}

/** Starts a saga definition without decorators. */
export function defineSaga(options: DefineSagaOptions): SagaDefinitionBuilder {
  return new SagaDefinitionBuilder(options);
}

/** Whether a value is an already built {@link SagaDefinition}. */
export function isSagaDefinition(value: unknown): value is SagaDefinition {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'saga'
  );
}
