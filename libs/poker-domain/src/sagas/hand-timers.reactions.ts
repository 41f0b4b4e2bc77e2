import { create } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ExpireActionTimerSchema, type ActionRequested } from '@poker/contracts';
import type { HandCommand } from '../hand/hand.messages';
import type { Reaction } from './reaction';

/**
 * Saga `hand-timers`: a prompt starts the player's shot clock, a durable timer that sends the
 * hand `ExpireActionTimer` for that prompt's action number when it expires. The hand ignores a
 * timer for a prompt already answered, so timers are never cancelled. A re-prompt after a
 * rejected action keeps its action number and expiry: the first timer still stands.
 */
export function actionTimer(event: ActionRequested, handId: string): Reaction<HandCommand>[] {
  if (event.retryReason !== '' || !event.expiresAt) return [];
  return [
    {
      target: handId,
      command: create(ExpireActionTimerSchema, {
        playerId: event.playerId,
        actionNumber: event.actionNumber,
      }),
      deliverAt: timestampDate(event.expiresAt),
    },
  ];
}
