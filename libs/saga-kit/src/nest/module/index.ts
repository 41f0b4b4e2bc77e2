export { SagaKitModule } from './saga-kit.module';
export { SagaKitHost } from './saga-kit-host';
export { InjectSagaKit } from './inject-saga-kit.decorator';
export type {
  ConsumersMode,
  KafkaTransportConfig,
  MemoryStoreConfig,
  MemoryTransportConfig,
  RedisStoreConfig,
  RuntimePassThroughOptions,
  SagaKitMetricsOptions,
  SagaKitModuleAsyncOptions,
  SagaKitModuleOptions,
  StoreConfig,
  TransportConfig,
} from './saga-kit-module-options.interface';
