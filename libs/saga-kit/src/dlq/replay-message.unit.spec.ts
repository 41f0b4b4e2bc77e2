import { create } from '@bufbuild/protobuf';
import { DeadLetterSchema, OriginalMessageSchema } from '../gen/sagakit/v1/dead_letter_pb';
import { CommandBookSchema, CoverSchema } from '../gen/sagakit/v1/envelope_pb';
import { Headers } from '../messaging/headers';
import { newRoot, rootToString } from '../messaging/ids';
import { Topics } from '../messaging/topics';
import { decode } from '../messaging/type-registry';
import { NotReplayableError, replayMessage, replayMessageId } from './replay-message';

describe('replayMessage', () => {
  const topics = new Topics('sagakit');
  const table = newRoot();
  const player = newRoot();

  it("sends a delegated rejection's command to its target, not to the aggregate that gave up", () => {
    const command = create(CommandBookSchema, {
      cover: create(CoverSchema, { domain: 'player', root: player, correlationId: 'c-1' }),
      commandId: 'cmd-1',
    });
    const letter = create(DeadLetterSchema, {
      id: 'dl-1',
      cover: create(CoverSchema, { domain: 'table', root: table, correlationId: 'c-1' }),
      payload: { case: 'command', value: command },
    });
    const message = replayMessage(letter, topics);
    expect(message).toMatchObject({ topic: 'sagakit.player.commands', key: rootToString(player) });
    expect(message.headers).toEqual({
      [Headers.Kind]: 'command',
      [Headers.CorrelationId]: 'c-1',
      [Headers.MessageId]: replayMessageId('dl-1'),
      [Headers.ReplayedFrom]: 'dl-1',
      [Headers.Attempt]: '1',
    });
    expect(decode(CommandBookSchema, message.value).commandId).toBe('cmd-1');
  });

  it('republishes raw bytes to their original topic and key with the original headers', () => {
    const letter = create(DeadLetterSchema, {
      id: 'dl-2',
      payload: { case: 'raw', value: new Uint8Array([1, 2, 3]) },
      original: create(OriginalMessageSchema, {
        topic: 'sagakit.table.commands',
        key: new TextEncoder().encode('k-1'),
        headers: { [Headers.MessageId]: 'm-1', [Headers.Kind]: 'command', traceparent: 't' },
      }),
    });
    const message = replayMessage(letter, topics);
    expect(message).toMatchObject({
      topic: 'sagakit.table.commands',
      key: 'k-1',
      value: new Uint8Array([1, 2, 3]),
    });
    expect(message.headers).toMatchObject({ traceparent: 't', [Headers.ReplayedFrom]: 'dl-2' });
    expect(message.headers[Headers.MessageId]).not.toBe('m-1');
  });

  it('refuses a dead letter with nothing to replay, or raw bytes without a topic', () => {
    expect(() => replayMessage(create(DeadLetterSchema, { id: 'x' }), topics)).toThrow(
      NotReplayableError,
    );
    const raw = create(DeadLetterSchema, {
      id: 'y',
      payload: { case: 'raw', value: new Uint8Array([1]) },
    });
    expect(() => replayMessage(raw, topics)).toThrow(/names no topic/);
  });
});
