import { describe, expect, it } from '@jest/globals';
import { isSagaKitError } from '../../errors/saga-kit.error';
import { isTransientRedisError, withRedisErrors } from './redis-error.mapper';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function named(message: string, name: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('Redis error mapping', () => {
  it.each([
    withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'),
    withCode('read ECONNRESET', 'ECONNRESET'),
    named('Reached the max retries per request limit (which is 0).', 'MaxRetriesPerRequestError'),
    named('Failed to refresh slots cache.', 'ClusterAllFailedError'),
    new Error('Connection is closed.'),
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    new Error('Command timed out'),
    named('LOADING Redis is loading the dataset in memory', 'ReplyError'),
    named('BUSY Redis is busy running a script.', 'ReplyError'),
    named('TRYAGAIN Multiple keys request during rehashing of slot', 'ReplyError'),
    named('CLUSTERDOWN The cluster is down', 'ReplyError'),
    named("READONLY You can't write against a read only replica.", 'ReplyError'),
    named('OOM command not allowed when used memory > maxmemory.', 'ReplyError'),
  ])('treats "$message" as transient', (error) => {
    expect(isTransientRedisError(error)).toBe(true);
  });

  it.each([
    named(
      'ERR user_script:3: Script attempted to access nonexistent global variable',
      'ReplyError',
    ),
    named('WRONGTYPE Operation against a key holding the wrong kind of value', 'ReplyError'),
    named("CROSSSLOT Keys in request don't hash to the same slot", 'ReplyError'),
    new TypeError('bad argument'),
  ])('treats "$message" as a bug, not transient', (error) => {
    expect(isTransientRedisError(error)).toBe(false);
  });

  it('wraps transient failures in a retriable TransientError with the cause', async () => {
    const cause = withCode('connect ECONNREFUSED', 'ECONNREFUSED');
    const error: unknown = await withRedisErrors('load', () => Promise.reject(cause)).catch(
      (e: unknown) => e,
    );
    expect(isSagaKitError(error) && error.code).toBe('TRANSIENT');
    expect(error).toMatchObject({ retriable: true, cause, message: /redis load failed/ });
  });

  it('rethrows other failures unchanged', async () => {
    const bug = named('ERR user_script:1: oops', 'ReplyError');
    await expect(withRedisErrors('append', () => Promise.reject(bug))).rejects.toBe(bug);
  });
});
