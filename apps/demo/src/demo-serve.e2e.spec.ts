import { pino } from 'pino';
import { startDemoSystem, type DemoSystem } from './demo-system';
import { plainEvents, threeHanded } from './scenarios/poker-setup';

/**
 * `npm start -- --serve`: the services' HTTP gateways, wired as in their own deployments. Each
 * listens on a free port here.
 */
describe('the embedded demo, served over HTTP', () => {
  let system: DemoSystem;

  beforeAll(async () => {
    system = await startDemoSystem({
      logger: () => pino({ level: 'silent' }),
      serve: true,
      ports: { hand: 0, table: 0, player: 0 },
    });
  });

  afterAll(async () => {
    await system?.close();
  });

  const post = async (domain: string, body: object): Promise<Response> => {
    const url = system.urls.get(domain);
    if (!url) throw new Error(`the ${domain} service is not served`);
    return fetch(`${url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  };

  it('listens with every service on the port it was given', async () => {
    expect([...system.urls.keys()].sort()).toEqual(['hand', 'player', 'table']);
    for (const url of system.urls.values()) {
      expect(url).toMatch(/^http:\/\/localhost:[1-9]\d*$/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    }
  });

  it('prompts a player again when their illegal bet comes through the hand’s gateway', async () => {
    const { alice, hand } = await threeHanded(system);
    const bet = await post('hand', {
      domain: 'hand',
      root: hand,
      type: 'PlaceBet',
      command: { playerId: alice, amount: 13 },
    });
    expect(bet.status).toBe(409);
    expect(await bet.json()).toMatchObject({ outcome: 'rejected', reason: 'invalid_bet_amount' });
    await system.settle();
    const prompts = (await plainEvents(system, 'hand', hand)).filter(
      (e) => e.type === 'ActionRequested',
    );
    expect(prompts.slice(-2).map((p) => [p.playerId, p.actionNumber, p.retryReason])).toEqual([
      [alice, 1, ''],
      [alice, 1, 'invalid_bet_amount'],
    ]);
  });
});
