/**
 * Kafka protocol numbers for fault injection (`pushRequestErrors`). Only the ones tests are
 * likely to need; the full lists are in the Kafka protocol guide.
 */

/** Request types (ApiKey). */
export const KAFKA_API_KEY = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  ApiVersions: 18,
  InitProducerId: 22,
} as const;

/** Error codes; negative ones are librdkafka's own and only mean something to the mock. */
export const KAFKA_ERROR_CODE = {
  /** librdkafka mock only: the broker drops the connection instead of answering. */
  Disconnect: -195,
  UnknownTopicOrPartition: 3,
  LeaderNotAvailable: 5,
  NotLeaderOrFollower: 6,
  RequestTimedOut: 7,
  MessageTooLarge: 10,
  CoordinatorNotAvailable: 15,
  NotCoordinator: 16,
  InvalidTopic: 17,
  RecordListTooLarge: 18,
  NotEnoughReplicas: 19,
  RebalanceInProgress: 27,
  /** kafkajs does not retry it; the mock answers a SyncGroup with it during some rebalances. */
  InvalidRequest: 42,
  TopicAuthorizationFailed: 29,
} as const;
