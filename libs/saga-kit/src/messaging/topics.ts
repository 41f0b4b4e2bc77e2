/** Default topic prefix: topics are `{prefix}.{domain}.{channel}`. */
export const DEFAULT_TOPIC_PREFIX = 'sagakit';

/** The channels each domain owns. */
export type Channel = 'commands' | 'events' | 'notifications' | 'dlq';

export const CHANNELS: readonly Channel[] = ['commands', 'events', 'notifications', 'dlq'];

const DOMAIN_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Topic naming for one prefix. */
export class Topics {
  constructor(readonly prefix: string = DEFAULT_TOPIC_PREFIX) {}

  of(domain: string, channel: Channel): string {
    if (!DOMAIN_PATTERN.test(domain)) {
      throw new TypeError(
        `invalid domain ${JSON.stringify(domain)}: use lowercase letters, digits and -`,
      );
    }
    return `${this.prefix}.${domain}.${channel}`;
  }

  commands(domain: string): string {
    return this.of(domain, 'commands');
  }

  events(domain: string): string {
    return this.of(domain, 'events');
  }

  notifications(domain: string): string {
    return this.of(domain, 'notifications');
  }

  dlq(domain: string): string {
    return this.of(domain, 'dlq');
  }

  /** Parses a topic of this prefix into its domain and channel, or undefined. */
  parse(topic: string): { domain: string; channel: Channel } | undefined {
    const parts = topic.split('.');
    const channel = parts.pop();
    const domain = parts.pop();
    if (parts.join('.') !== this.prefix || !domain || !CHANNELS.includes(channel as Channel)) {
      return undefined;
    }
    return { domain, channel: channel as Channel };
  }
}
