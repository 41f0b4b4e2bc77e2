import { create } from '@bufbuild/protobuf';
import { timestampDate, timestampFromMs } from '@bufbuild/protobuf/wkt';
import {
  ActionRequestedSchema,
  BetAction,
  BetPlacedSchema,
  ExpireActionTimerSchema,
  HandStartedSchema,
  PlaceBetSchema,
  PlayerFoldedSchema,
  StartHandSchema,
  Street,
  type ActionRequested,
  type BetPlaced,
  type ExpireActionTimer,
  type PlaceBet,
  type PlayerFolded,
  type StartHand,
} from '@poker/contracts';
import { Aggregate, Applies, Handles, OnEvent, Saga } from '../../decorators';
import { CommandRejectedError } from '../../errors';
import type { DecisionContext, SagaCommand, SagaContext } from '../definition/handler-types';

/** Seconds a player has to act in {@link ShotClockHand}. */
export const SHOT_CLOCK_SECONDS = 30;

/** The prompt standing in a {@link ShotClockHand}, and who folded on time-out. */
export interface ShotClockState {
  readonly started: boolean;
  readonly action: number;
  readonly folded: readonly string[];
}

const hex = (id: Uint8Array) => Buffer.from(id).toString('hex');

/**
 * A hand reduced to its shot clock: each prompt has a number and an expiry, a bet moves the
 * prompt on, and a timer for the standing prompt folds the player; any other timer is stale.
 */
@Aggregate({ domain: 'hand' })
export class ShotClockHand {
  initialState(): ShotClockState {
    return { started: false, action: 0, folded: [] };
  }

  @Handles(StartHandSchema)
  start(cmd: StartHand, state: ShotClockState, ctx: DecisionContext) {
    if (state.started) throw new CommandRejectedError('hand_already_started');
    const first = cmd.seats[0]?.playerId ?? new Uint8Array(16);
    return [create(HandStartedSchema, { seats: cmd.seats }), prompt(first, 1, ctx.now)];
  }

  @Handles(PlaceBetSchema)
  bet(cmd: PlaceBet, state: ShotClockState, ctx: DecisionContext) {
    const placed = create(BetPlacedSchema, {
      playerId: cmd.playerId,
      amount: cmd.amount,
      street: Street.PREFLOP,
      action: BetAction.BET,
    });
    return [placed, prompt(cmd.playerId, state.action + 1, ctx.now)];
  }

  @Handles(ExpireActionTimerSchema)
  expire(cmd: ExpireActionTimer, state: ShotClockState): PlayerFolded[] {
    if (cmd.actionNumber !== state.action) return [];
    return [create(PlayerFoldedSchema, { playerId: cmd.playerId, reason: 'timeout' })];
  }

  @Applies(HandStartedSchema)
  started(state: ShotClockState): ShotClockState {
    return { ...state, started: true };
  }

  @Applies(ActionRequestedSchema)
  prompted(state: ShotClockState, e: ActionRequested): ShotClockState {
    return { ...state, action: e.actionNumber };
  }

  @Applies(BetPlacedSchema)
  betPlaced(state: ShotClockState, _e: BetPlaced): ShotClockState {
    return state;
  }

  @Applies(PlayerFoldedSchema)
  playerFolded(state: ShotClockState, e: PlayerFolded): ShotClockState {
    return { ...state, folded: [...state.folded, hex(e.playerId)] };
  }
}

function prompt(playerId: Uint8Array, actionNumber: number, now: Date): ActionRequested {
  return create(ActionRequestedSchema, {
    playerId,
    actionNumber,
    expiresAt: timestampFromMs(now.getTime() + SHOT_CLOCK_SECONDS * 1000),
  });
}

/** Each prompt sets a durable timer that sends the hand `ExpireActionTimer` when it expires. */
@Saga({ name: 'shot-clock', from: 'hand', to: 'hand' })
export class ShotClockSaga {
  @OnEvent(ActionRequestedSchema)
  onPrompt(e: ActionRequested, ctx: SagaContext): SagaCommand {
    return ctx.command(
      ctx.source.root,
      create(ExpireActionTimerSchema, { playerId: e.playerId, actionNumber: e.actionNumber }),
      { deliverAt: timestampDate(e.expiresAt!) },
    );
  }
}
