import { create } from '@bufbuild/protobuf';
import {
  BlindPostedSchema,
  HandEndedSchema,
  HandStartedSchema,
  PlayerSatOutOfHandSchema,
  type StartHand,
} from '@poker/contracts';
import { bytesOf, type PokerContext } from '../shared';
import { clockwiseFrom } from './betting-round';
import { progress } from './hand-progress';
import type { HandEvent } from './hand.messages';
import { rejectHandCommand as reject } from './hand.rejections';
import type { HandPlayer, HandState } from './hand.state';
import { emit, from, type Outcome } from './outcome';

/** Why a player is taken out of the hand before it starts. */
export const SHORT_OF_BLIND = 'insufficient_chips_for_blind';

/**
 * Starts the hand and posts the blinds. A player whose stack cannot cover the blind their seat
 * owes is sat out (the hand-table saga sits them out at the table too) and the blinds move on
 * to the next players; fewer than two players left ends the hand before any chip moves.
 */
export function startHand(command: StartHand, state: HandState, ctx: PokerContext): HandEvent[] {
  if (state.status !== 'not_started') throw reject('StartHand', 'hand_already_started');
  const { smallBlind, bigBlind, seats } = command;
  if (smallBlind < 1 || bigBlind < smallBlind) throw reject('StartHand', 'invalid_blinds');
  const distinct = (values: readonly unknown[]) => new Set(values).size === values.length;
  const validSeats =
    seats.every((s) => s.stack > 0) &&
    distinct(seats.map((s) => s.seat)) &&
    distinct(seats.map((s) => Buffer.from(s.playerId).toString('hex')));
  if (!validSeats) throw reject('StartHand', 'invalid_seats');
  if (seats.length < 2) throw reject('StartHand', 'not_enough_players');

  const { tableId, button, actionTimeoutSeconds, showdownRanking } = command;
  let outcome = emit(
    from(state),
    create(HandStartedSchema, {
      tableId,
      seats,
      smallBlind,
      bigBlind,
      button,
      actionTimeoutSeconds,
      showdownRanking,
    }),
  );
  for (;;) {
    const eligible = outcome.state.players.filter((p) => p.status === 'active');
    if (eligible.length < 2) {
      const ended = create(HandEndedSchema, { reason: 'not_enough_players', tableId });
      return [...emit(outcome, ended).events];
    }
    const [small, big] = blindPositions(eligible, button);
    const short = small.stack < smallBlind ? small : big.stack < bigBlind ? big : null;
    if (!short) return [...postBlinds(outcome, small, big, ctx).events];
    outcome = emit(
      outcome,
      create(PlayerSatOutOfHandSchema, {
        playerId: bytesOf(short.playerId),
        reason: SHORT_OF_BLIND,
        tableId,
      }),
    );
  }
}

/**
 * Small and big blind seats: the two players after the button, except heads-up, where the
 * button posts the small blind (and so acts first before the flop, last after it).
 */
export function blindPositions(
  eligible: readonly HandPlayer[],
  button: number,
): readonly [HandPlayer, HandPlayer] {
  const onButton = eligible.find((p) => p.seat === button);
  const order = clockwiseFrom(eligible, button);
  if (eligible.length === 2 && onButton) {
    return [onButton, order.find((p) => p !== onButton)!];
  }
  return [order[0]!, order[1]!];
}

function postBlinds(
  outcome: Outcome,
  small: HandPlayer,
  big: HandPlayer,
  ctx: PokerContext,
): Outcome {
  const { smallBlind, bigBlind, tableId } = outcome.state;
  const blind = (player: HandPlayer, amount: number) =>
    create(BlindPostedSchema, {
      playerId: bytesOf(player.playerId),
      amount,
      tableId: bytesOf(tableId),
    });
  const posted = emit(outcome, blind(small, smallBlind), blind(big, bigBlind));
  // Before the flop the player after the big blind speaks first.
  return progress(posted, big.seat, ctx);
}
