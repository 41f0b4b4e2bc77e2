export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
