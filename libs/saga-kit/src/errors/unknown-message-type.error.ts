import { PoisonMessageError } from './poison-message.error';

/** An `Any` whose type URL is not in the registry. */
export class UnknownMessageTypeError extends PoisonMessageError {
  constructor(readonly typeUrl: string) {
    super('unknown_type', `unknown message type ${JSON.stringify(typeUrl)}: register its schema`);
  }
}
