/** Why and where a flow was aborted. */
export interface AbortRecord {
  readonly correlationId: string;
  readonly reason: string;
  readonly at: Date;
  /** The aggregate whose failure policy aborted the flow. */
  readonly domain: string;
  readonly root: string;
}

/**
 * Durable record of aborted flows (a failure policy's `abort`). Sagas consult it before issuing
 * commands, so it must be shared by every service of the system. It satisfies the runtime's
 * `SagaChainGuard` as it is. A correlation id that is empty, not a string or holds a lone UTF-16
 * surrogate is a `TypeError` (never "not aborted"), in every method.
 */
export interface AbortRegistry {
  /** Marks the flow aborted; the first record wins. Resolves `true` when this call aborted it. */
  abort(record: AbortRecord): Promise<boolean>;
  isAborted(correlationId: string): Promise<boolean>;
  /** The record of an aborted flow, if it was aborted. */
  get(correlationId: string): Promise<AbortRecord | undefined>;
}
