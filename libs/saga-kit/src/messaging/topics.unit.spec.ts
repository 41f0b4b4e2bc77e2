import { Topics } from './topics';

describe('Topics', () => {
  it('names topics {prefix}.{domain}.{channel} and parses them back', () => {
    const topics = new Topics('poker');
    expect(topics.commands('table')).toBe('poker.table.commands');
    expect(topics.dlq('hand')).toBe('poker.hand.dlq');
    expect(topics.parse('poker.table.notifications')).toEqual({
      domain: 'table',
      channel: 'notifications',
    });
  });

  it('does not parse topics of another prefix or channel', () => {
    const topics = new Topics('poker');
    expect(topics.parse('other.table.commands')).toBeUndefined();
    expect(topics.parse('poker.table.unknown')).toBeUndefined();
  });

  it('refuses a domain that would break topic names', () => {
    expect(() => new Topics().events('Hand.X')).toThrow(/invalid domain/);
  });
});
