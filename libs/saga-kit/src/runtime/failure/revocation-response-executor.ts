import { CommandRejectedError } from '../../errors/command-rejected.error';
import type { RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import { deterministicId } from '../../messaging/ids';
import type { RejectionContext } from '../definition/handler-types';
import { acceptedRecord } from '../envelope/accepted-record';
import type { FailurePolicyExecutor } from '../rejection/failure-policy-executor';
import { rejectionFacts } from '../rejection/rejection-audit';
import { isAbortPropagation, upstreamRejection } from './abort-propagation';
import type { FailurePolicyDeps } from './failure-policy-deps';
import { FailurePolicyError, type FailedPolicyStep } from './failure-policy.error';
import { stepKey, streamOf, type PolicyStepName } from './policy-steps';
import { appendSystemRevocation } from './system-revocation';

type Step = (response: RevocationResponse, rejection: RejectionContext) => Promise<void>;

/**
 * Carries out a `RevocationResponse` (from `delegateToFramework` or the no-handler fallback).
 * Each flag is a step that runs whatever happened to the others, is idempotent by notification
 * id and is audited: `system-revocation.appended`, `dead-letter.sent`, `escalation.queued`,
 * `saga.aborted`. A failed step is logged and audited (`failure-policy.failed`), and the
 * execution then throws a {@link FailurePolicyError}, so the rejection is not recorded as
 * handled and the notification comes again; steps already done are not repeated.
 */
export class RevocationResponseExecutor implements FailurePolicyExecutor {
  private readonly steps: Record<PolicyStepName, Step>;

  constructor(private readonly deps: FailurePolicyDeps) {
    this.steps = {
      'system-revocation': async (response, rejection) => {
        await appendSystemRevocation(this.deps, response, rejection);
      },
      'dead-letter': (response, rejection) =>
        this.once('dead-letter', rejection, () => this.deadLetter(response, rejection)),
      escalation: (response, rejection) =>
        this.once('escalation', rejection, () =>
          this.deps.escalation.escalate(rejection, response),
        ),
      abort: (response, rejection) => this.abort(response, rejection),
    };
  }

  async execute(response: RevocationResponse, rejection: RejectionContext): Promise<void> {
    const wanted: PolicyStepName[] = [];
    if (response.emitSystemRevocation) wanted.push('system-revocation');
    if (response.sendToDeadLetterQueue) wanted.push('dead-letter');
    if (response.escalate) wanted.push('escalation');
    if (response.abort) wanted.push('abort');
    const failures: FailedPolicyStep[] = [];
    for (const step of wanted) {
      try {
        await this.steps[step](response, rejection);
      } catch (error) {
        failures.push({ step, error });
        await this.recordFailure(step, error, response, rejection);
      }
    }
    if (failures.length > 0) throw new FailurePolicyError(rejection.notificationId, failures);
  }

  /**
   * Runs a step unless its idempotency record says it ran for this notification, then writes
   * that record. A crash in between runs it again: its effects carry deterministic ids.
   */
  private async once(
    step: PolicyStepName,
    rejection: RejectionContext,
    run: () => Promise<void>,
  ): Promise<void> {
    const stream = streamOf(rejection.source);
    const key = stepKey(step, rejection.notificationId);
    if (await this.deps.store.findDedup(stream, key)) return;
    await run();
    await this.deps.store.append({
      stream,
      expectedSequence: 0,
      pages: [],
      dedup: acceptedRecord(key, rejection.source, []),
    });
  }

  /** `sendToDeadLetter`: the rejected command, as a dead letter on the source domain's DLQ. */
  private async deadLetter(
    response: RevocationResponse,
    rejection: RejectionContext,
  ): Promise<void> {
    const target = `${rejection.target.domain}/${rejection.targetRoot}`;
    // Published straight to the transport; a crash before the step's record republishes the
    // same dead letter (same id), which DLQ readers deduplicate.
    await this.deps.deadLetters.publish({
      id: deterministicId('dead-letter', stepKey('dead-letter', rejection.notificationId)),
      domain: rejection.source.domain,
      reason: response.reason,
      error: new CommandRejectedError(
        rejection.reason,
        `${rejection.commandType} rejected by ${target}: ${rejection.reason}`,
      ),
      component: rejection.source.domain,
      componentType: 'aggregate',
      payload: { case: 'command', value: rejection.command },
      cover: rejection.source,
      attempts: 1,
      firstFailedAt: rejection.now,
      lastFailedAt: this.deps.clock.now(),
    });
  }

  /**
   * `abort`: marks the flow aborted (sagas then issue nothing more for it) and sends the
   * rejection upstream, to the source of the command that caused the triggering event.
   */
  private async abort(response: RevocationResponse, rejection: RejectionContext): Promise<void> {
    const { deps } = this;
    const stream = streamOf(rejection.source);
    const first = await deps.abortRegistry.abort({
      correlationId: rejection.correlationId,
      reason: response.reason,
      at: deps.clock.now(),
      domain: stream.domain,
      root: stream.root,
    });
    await deps.audit.record({
      ...rejectionFacts(rejection, stream.domain),
      kind: 'saga.aborted',
      key: [rejection.notificationId],
      reason: response.reason,
      details: { firstAbort: first, rejectionReason: rejection.reason },
    });
    const key = stepKey('abort', rejection.notificationId);
    if (await deps.store.findDedup(stream, key)) return;
    const message = await upstreamRejection(deps, stream, rejection);
    const result = await deps.store.append({
      stream,
      expectedSequence: 0,
      pages: [],
      dedup: acceptedRecord(key, rejection.source, []),
      outbox: message ? [message] : [],
    });
    if (result.status === 'appended' && message) deps.onAppended?.();
    deps.logger.warn(
      {
        correlationId: rejection.correlationId,
        domain: stream.domain,
        root: stream.root,
        propagated: message !== undefined,
        relayed: isAbortPropagation(rejection),
      },
      'saga chain aborted',
    );
  }

  private async recordFailure(
    step: PolicyStepName,
    error: unknown,
    response: RevocationResponse,
    rejection: RejectionContext,
  ): Promise<void> {
    const err = error instanceof Error ? error : new Error(String(error));
    this.deps.logger.error(
      {
        step,
        correlationId: rejection.correlationId,
        notificationId: rejection.notificationId,
        domain: rejection.source.domain,
        err,
      },
      'failure policy step failed',
    );
    try {
      await this.deps.audit.record({
        ...rejectionFacts(rejection, rejection.source.domain),
        kind: 'failure-policy.failed',
        key: [rejection.notificationId, step],
        reason: err.message,
        details: { step, errorType: err.name, delegationReason: response.reason },
      });
    } catch (auditError) {
      // The step's failure is what the caller must see; the retry records it again.
      this.deps.logger.warn({ step, err: auditError }, 'audit entry not recorded');
    }
  }
}
