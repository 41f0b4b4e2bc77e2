export {
  ConsumerBoundary,
  DEFAULT_MAX_CONSUMED_BYTES,
  HANDLER_ERROR,
  ParkedMessageError,
  RETRIES_EXHAUSTED,
} from './consumer-boundary';
export { EventStoreParkingLot, PARKED, PARKING_STREAM_DOMAIN, queueOf } from './parking-lot';
export type { ParkingLot, UnparkOptions } from './parking-lot';
export type { ConsumerBoundaryOptions, DescribeMessage } from './consumer-boundary';
