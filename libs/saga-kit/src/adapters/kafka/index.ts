export { KafkaTransport } from './kafka-transport.adapter';
export { KAFKA_TRANSPORT_DEFAULTS } from './kafka-transport.options';
export type {
  KafkaTransportOptions,
  RedeliveryOptions,
  TopicProvisioning,
} from './kafka-transport.options';
export { KafkaTransportEvents } from './kafka-transport.events';
export type {
  CommitErrorEvent,
  CrashEvent,
  GroupJoinEvent,
  HandlerErrorEvent,
  KafkaTransportEventMap,
  KafkaTransportEventName,
  KafkaTransportListener,
  RestartEvent,
} from './kafka-transport.events';
export { isRetriableKafkaError } from './kafka-error.mapper';
export { parseBrokerList } from './broker-list';
