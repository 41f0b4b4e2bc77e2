export { toSequence, toWireSequence } from './sequence';
export { isProtoMessage, packMessage } from './pack';
export {
  commandMessage,
  eventsMessage,
  notification,
  notificationMessage,
  sourceLabel,
} from './outgoing-messages';
export {
  assertCommandBook,
  assertCover,
  assertNotification,
  assertReturnAddress,
} from './validation';
export { buildCommandBook } from './command-book';
export type { CommandBookInit } from './command-book';
