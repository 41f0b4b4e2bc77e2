export {
  TypeRegistry,
  TYPE_URL_PREFIX,
  decode,
  encode,
  shortTypeName,
  typeNameOf,
} from './type-registry';
export { Headers, MessageKinds } from './headers';
export type { HeaderName, MessageKind } from './headers';
export { Topics, DEFAULT_TOPIC_PREFIX, CHANNELS } from './topics';
export type { Channel } from './topics';
export { deterministicId, isUuid, newId, newRoot, rootToString, uuidToBytes } from './ids';
