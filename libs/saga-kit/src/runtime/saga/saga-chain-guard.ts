/**
 * Consulted before a saga issues commands: once a flow is aborted (a failure policy's `abort`),
 * no further commands are issued for its correlation id; each skipped one is audited instead.
 */
export interface SagaChainGuard {
  isAborted(correlationId: string): Promise<boolean>;
}

/** The default guard: no flow is ever aborted. */
export const NEVER_ABORTED: SagaChainGuard = Object.freeze({
  isAborted: () => Promise.resolve(false),
});
