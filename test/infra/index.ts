export { TEST_ENV } from './env';
export { freePort } from './free-port';
export {
  isKafkaMockCommandError,
  KafkaMockCommandError,
  sendMockCommand,
  type KafkaControl,
} from './kafka-control';
export {
  ensureKafkaMockBinary,
  MAX_MOCK_BROKERS,
  startKafkaMock,
  type KafkaMock,
} from './kafka-mock';
export { KAFKA_API_KEY, KAFKA_ERROR_CODE } from './kafka-protocol';
export { OwnedProcess, type ProcessExit } from './owned-process';
export {
  isKafkaMock,
  kafkaBrokers,
  kafkaControl,
  TEST_CONSUMER_CONFIG,
  testKafka,
  waitForGroupJoin,
} from './kafka';
export { deleteKeys, redisUrl, startPrivateRedis, testRedis, type PrivateRedis } from './redis';
export { uniqueName, waitFor, type WaitForOptions } from './wait';
