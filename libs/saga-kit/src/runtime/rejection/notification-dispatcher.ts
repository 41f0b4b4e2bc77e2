import { PoisonMessageError } from '../../errors/poison-message.error';
import { UnknownMessageTypeError } from '../../errors/unknown-message-type.error';
import { RejectionNotificationSchema, type Notification } from '../../gen/sagakit/v1/envelope_pb';
import { typeNameOf } from '../../messaging/type-registry';
import type { AggregateDeps } from '../aggregate/aggregate-deps';
import { assertKeyedByRoot, assertNotification, type Delivery } from '../envelope/validation';
import type { RejectionRouter } from './rejection-router';

/**
 * Handles a notification payload other than a rejection (e.g. a `Revocation` or `Compensate`
 * request), for the aggregate it was sent to. Must be idempotent by `notification_id`.
 */
export type NotificationPayloadHandler = (
  notification: Notification,
  aggregate: AggregateDeps,
) => Promise<void>;

/**
 * Routes the notifications of one aggregate by payload type: rejections to the rejection router,
 * other payloads to the handlers registered for their full type name. A payload nobody handles
 * is poison: it is dead-lettered with the reason, never dropped.
 */
export class NotificationDispatcher {
  constructor(
    private readonly deps: AggregateDeps,
    private readonly router: RejectionRouter,
    private readonly handlers: ReadonlyMap<string, NotificationPayloadHandler> = new Map(),
  ) {}

  /** `delivery` says how a transport delivered it (checked: keyed by the aggregate's root). */
  async handle(notification: Notification, delivery?: Delivery): Promise<void> {
    assertNotification(notification, this.deps.definition.domain);
    assertKeyedByRoot(delivery, notification.cover, 'notification');
    const typeUrl = notification.payload?.typeUrl ?? '';
    const type = typeNameOf(typeUrl);
    if (type === RejectionNotificationSchema.typeName) {
      await this.router.route(notification);
      return;
    }
    const handler = this.handlers.get(type);
    if (handler) {
      await handler(notification, this.deps);
      return;
    }
    if (!this.deps.registry.schema(typeUrl)) throw new UnknownMessageTypeError(typeUrl);
    throw new PoisonMessageError(
      'invalid_message',
      `no handler for notification payload ${type} in domain ${this.deps.definition.domain}`,
    );
  }
}
