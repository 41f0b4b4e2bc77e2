export {
  ConsumerBoundary,
  DEFAULT_MAX_CONSUMED_BYTES,
  HANDLER_ERROR,
  RETRIES_EXHAUSTED,
} from './consumer-boundary';
export type { ConsumerBoundaryOptions, DescribeMessage } from './consumer-boundary';
