import { PoisonMessageError } from '../../errors/poison-message.error';
import { isSagaKitError } from '../../errors/saga-kit.error';
import { TransientError } from '../../errors/transient.error';

interface KafkaJsErrorLike {
  name: string;
  message: string;
  retriable?: unknown;
  type?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** kafkajs errors that are non-retriable by class but only mean "it took too long". */
const TRANSIENT_BY_NAME = new Set([
  // The cause was retriable; kafkajs gave up on its own schedule, the caller may try again later.
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  'KafkaJSRequestTimeoutError',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSNoBrokerAvailableError',
]);

const OVERSIZED_TYPES = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** Duck-typed: kafkajs errors are recognised by name, so two copies of kafkajs still match. */
export function isKafkaJsError(error: unknown): error is KafkaJsErrorLike {
  return error instanceof Error && error.name.startsWith('KafkaJS');
}

/**
 * Whether retrying later may succeed: the error or its root cause is marked retriable by kafkajs,
 * or it is a timeout or connection failure. Programming errors (TypeError...) never are.
 */
export function isRetriableKafkaError(error: unknown): boolean {
  if (!isKafkaJsError(error)) return false;
  if (TRANSIENT_BY_NAME.has(error.name) || error.retriable === true) return true;
  if (Array.isArray(error.errors) && error.errors.length > 0) {
    return error.errors.every((e) => isRetriableKafkaError(e));
  }
  return error.cause !== undefined && error.cause !== error && isRetriableKafkaError(error.cause);
}

/**
 * Maps a kafkajs failure of `operation` to saga-kit's hierarchy: retriable faults become
 * TransientError (with the kafkajs error as cause), a broker's size refusal a PoisonMessageError;
 * anything else is returned unchanged.
 */
export function toTransportError(error: unknown, operation: string): unknown {
  if (isSagaKitError(error) || !isKafkaJsError(error)) return error;
  // kafkajs' retrier wraps a non-retriable protocol error, keeping it as the cause.
  const refusal = causeChain(error).find(
    (e) => typeof e.type === 'string' && OVERSIZED_TYPES.has(e.type),
  );
  if (refusal) {
    return new PoisonMessageError(
      'oversized',
      `${operation}: the broker refused the message as too large (${String(refusal.type)})`,
      error,
    );
  }
  if (isRetriableKafkaError(error)) {
    return new TransientError(`${operation} failed: ${error.message}`, error);
  }
  return error;
}

/**
 * Whether a broker answered with an error code: a kafkajs protocol error, or one wrapping it
 * (also as the cause of the error {@link toTransportError} made of it).
 */
export function isBrokerRefusal(error: unknown): boolean {
  const kafkaError = isSagaKitError(error) ? (error as Error).cause : error;
  return causeChain(kafkaError).some((e) => e.name === 'KafkaJSProtocolError');
}

/** The error and its kafkajs causes, outermost first. */
function causeChain(error: unknown): KafkaJsErrorLike[] {
  const chain: KafkaJsErrorLike[] = [];
  for (let e: unknown = error; isKafkaJsError(e) && !chain.includes(e); e = e.cause) chain.push(e);
  return chain;
}
