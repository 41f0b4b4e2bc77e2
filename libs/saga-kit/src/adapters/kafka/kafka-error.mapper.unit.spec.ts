import { describe, expect, it } from '@jest/globals';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { isPoisonMessageError } from '../../errors/poison-message.error';
import { TransientError } from '../../errors/transient.error';
import { isRetriableKafkaError, toTransportError } from './kafka-error.mapper';

describe('kafkajs error mapping', () => {
  it('maps retriable kafkajs errors to TransientError, keeping the kafkajs error as cause', () => {
    const cause = new KafkaJSConnectionError('connect ECONNREFUSED');
    const mapped = toTransportError(cause, 'publishing');
    expect(mapped).toBeInstanceOf(TransientError);
    expect((mapped as TransientError).cause).toBe(cause);
    expect((mapped as TransientError).message).toBe('publishing failed: connect ECONNREFUSED');
  });

  it('counts exhausted retries of a retriable fault as transient', () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('down'), {
      retryCount: 5,
      retryTime: 1000,
    });
    expect(exhausted.retriable).toBe(false);
    expect(isRetriableKafkaError(exhausted)).toBe(true);
  });

  it('maps a broker size refusal to an oversized poison message', () => {
    const refused = new KafkaJSProtocolError({
      type: 'MESSAGE_TOO_LARGE',
      code: 10,
      retriable: false,
      message: 'too large',
    } as unknown as string);
    expect(isPoisonMessageError(toTransportError(refused, 'publishing'))).toBe(true);
    // As kafkajs' retrier rejects it: wrapped, with the protocol error as cause.
    const wrapped = Object.assign(new KafkaJSNonRetriableError(refused), { cause: refused });
    const mapped = toTransportError(wrapped, 'publishing');
    expect(isPoisonMessageError(mapped) && mapped.reason).toBe('oversized');
    expect((mapped as Error).message).toContain('MESSAGE_TOO_LARGE');
  });

  it('leaves non-retriable kafkajs errors and programming errors unchanged', () => {
    const fatal = new KafkaJSNonRetriableError('SASL authentication failed');
    const bug = new TypeError('x is undefined');
    expect(toTransportError(fatal, 'connecting')).toBe(fatal);
    expect(toTransportError(bug, 'connecting')).toBe(bug);
    expect(isRetriableKafkaError(bug)).toBe(false);
  });
});
