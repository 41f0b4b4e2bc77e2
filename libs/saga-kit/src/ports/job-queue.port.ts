/** A job to queue: delivered once it is due. */
export interface EnqueueRequest {
  /**
   * Idempotency key (a non-empty string): a job id that is queued, or was acknowledged recently,
   * is not queued again.
   */
  readonly id: string;
  /** Opaque payload (JSON by convention). */
  readonly payload: string;
  readonly dueAt: Date;
}

/** A claimed job. */
export interface Job {
  readonly id: string;
  readonly payload: string;
  /** When the job became due (its due time, or the end of a lease that ran out). */
  readonly dueAt: Date;
  /** Times the job was claimed, this claim included: 1 on its first delivery. */
  readonly attempts: number;
}

/** Whether `enqueue` queued the job or found its id queued or done already. */
export type EnqueueResult = 'queued' | 'duplicate';

/**
 * A durable queue of jobs that become due at a time (webhook deliveries, command deadlines).
 * A claimed job is hidden for a lease: if its worker dies before `ack`, the job is claimed again
 * when the lease runs out, so delivery is at-least-once and workers must be idempotent by id.
 * Claims are atomic: two workers never hold the same job at once.
 *
 * Bad input is a `TypeError` naming it, and changes nothing: a job id that is not a non-empty
 * string (in `enqueue`, `ack` and `reschedule`), a payload that is not a string, an id or payload
 * holding a lone UTF-16 surrogate (UTF-8 cannot carry it), an invalid
 * `Date`, a `limit` or `leaseMs` that is not a positive integer.
 */
export interface JobQueue {
  enqueue(job: EnqueueRequest): Promise<EnqueueResult>;
  /** Claims up to `limit` jobs due at `now`, oldest due first, each hidden until `now + leaseMs`. */
  claim(now: Date, limit: number, leaseMs: number): Promise<Job[]>;
  /** Removes a job for good and remembers its id, so enqueueing it again is a duplicate. */
  ack(id: string): Promise<void>;
  /** Makes a queued job due at `dueAt`, keeping its attempt count; unknown ids are ignored. */
  reschedule(id: string, dueAt: Date): Promise<void>;
  /** Number of queued jobs, due or not. */
  size(): Promise<number>;
}
