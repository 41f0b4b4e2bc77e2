/** Reflect-metadata keys written by saga-kit's decorators and read by the definition builders. */
export const SAGA_KIT_METADATA = {
  Aggregate: 'saga-kit:aggregate',
  Saga: 'saga-kit:saga',
  Handles: 'saga-kit:handles',
  Applies: 'saga-kit:applies',
  Rejected: 'saga-kit:rejected',
  Compensate: 'saga-kit:compensate',
  OnEvent: 'saga-kit:on-event',
} as const;

export type MethodMetadataKey =
  | typeof SAGA_KIT_METADATA.Handles
  | typeof SAGA_KIT_METADATA.Applies
  | typeof SAGA_KIT_METADATA.Rejected
  | typeof SAGA_KIT_METADATA.Compensate
  | typeof SAGA_KIT_METADATA.OnEvent;
