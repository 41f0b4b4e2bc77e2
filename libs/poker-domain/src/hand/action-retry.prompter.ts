import type { Message } from '@bufbuild/protobuf';
import {
  buildCommandBook,
  deterministicId,
  type CommandOutcome,
  type SagaKitRuntime,
  type TypeRegistry,
} from '@saga-kit/core';
import { callsForRetry, retryPromptFor } from './action-retry';
import type { HandState } from './hand.state';

/** A hand command a gateway sent and the hand rejected. */
export interface RejectedHandCommand {
  /** The hand's root. */
  readonly root: string;
  readonly command: Message;
  readonly commandId: string;
  readonly correlationId: string;
  readonly reason: string;
}

/**
 * The hand service's gateway half of an invalid action: a rejected `PlaceBet` or `Check` leaves
 * nothing in the stream, so the gateway that took it prompts the player again through the hand
 * (`RequestActionRetry` → `ActionRequested{retry_reason}`), in the same correlation. The prompt's
 * command id derives from the rejected command's, so a retried request prompts once. Resolves
 * with the prompt's outcome, or undefined when no prompt is due.
 */
export async function promptRetryAfterRejection(
  runtime: Pick<SagaKitRuntime, 'load' | 'send'>,
  registry: TypeRegistry,
  rejected: RejectedHandCommand,
): Promise<CommandOutcome | undefined> {
  if (!callsForRetry(rejected.command, rejected.reason)) return undefined;
  const { state } = await runtime.load('hand', rejected.root);
  const prompt = retryPromptFor(rejected.command, rejected.reason, state as HandState);
  if (!prompt) return undefined;
  return runtime.send(
    buildCommandBook(registry, {
      domain: 'hand',
      root: rejected.root,
      command: prompt,
      commandId: deterministicId('action-retry', rejected.commandId),
      correlationId: rejected.correlationId,
      causationId: rejected.commandId,
    }),
  );
}
