import { create } from '@bufbuild/protobuf';
import { anyPack, timestampNow } from '@bufbuild/protobuf/wkt';
import { EventPageSchema } from '../../gen/sagakit/v1/envelope_pb';
import { RevocationSchema } from '../../gen/sagakit/v1/failure_pb';
import { newRoot, rootToString } from '../../messaging/ids';
import { accepted, call, createTestApp, reserveSeat, type TestApp } from '../nest-fixtures.spec';

interface Ids {
  table: string;
  player: string;
  hand: string;
}

type Json = Record<string, unknown>;

describe('HTTP gateway: timelines and aggregates', () => {
  let t: TestApp;
  const get = (path: string) => call(`${t.url}${path}`);
  const ok = (body: Json): Promise<Json> => accepted(t.url, body);

  /** Opens a table, registers a player, seats them through the sagas, starts a hand. */
  async function seatedHand(): Promise<Ids> {
    const ids = {
      table: rootToString(newRoot()),
      player: rootToString(newRoot()),
      hand: rootToString(newRoot()),
    };
    await reserveSeat(t.url, ids, { amount: 500, seat: 1 });
    await t.waitForIdle();
    await ok({
      domain: 'hand',
      root: ids.hand,
      type: 'StartHand',
      command: { tableId: ids.table, seats: [{ playerId: ids.player, seat: 1, stack: 500 }] },
    });
    return ids;
  }

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  describe('the seed story over HTTP', () => {
    it('reverts the bet and tells the whole story on the correlation timeline', async () => {
      const ids = await seatedHand();
      await ok({
        domain: 'table',
        root: ids.table,
        type: 'MarkPlayerFolded',
        command: { playerId: ids.player, handId: ids.hand },
      });
      const bet = await ok({
        domain: 'hand',
        root: ids.hand,
        type: 'PlaceBet',
        command: { playerId: ids.player, amount: 40 },
        correlationId: 'bet-1',
      });
      expect(bet.events).toEqual([
        expect.objectContaining({
          '@type': 'type.googleapis.com/poker.v1.BetPlaced',
          amount: 40,
          sequence: 1,
        }),
      ]);
      await t.waitForIdle();

      const text = await get('/correlations/bet-1/timeline?format=text');
      expect(text.status).toBe(200);
      expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text.text).toMatch(/DeductFromPlayerStack rejected: player_folded/);
      expect(text.text).toMatch(/compensated with BetReverted@2/);

      const json = await get('/correlations/bet-1/timeline');
      expect(json.status).toBe(200);
      expect((json.body as Json[]).map((e) => e.kind)).toEqual([
        'command.accepted',
        'command.issued',
        'command.rejected',
        'notification.sent',
        'notification.handled',
        'compensation.appended',
      ]);

      const mermaid = await get('/correlations/bet-1/timeline?format=mermaid');
      expect(mermaid.text.split('\n')[0]).toBe('sequenceDiagram');

      const aggregate = await get(`/aggregates/hand/${ids.hand}`);
      expect(aggregate.status).toBe(200);
      expect(aggregate.body).toMatchObject({
        domain: 'hand',
        root: ids.hand,
        nextSequence: 3,
        state: { tableId: ids.table, bets: { [ids.player]: 0 }, reverted: 1 },
        history: { from: 0, next: null },
      });
      const events = (aggregate.body as { history: { events: Json[] } }).history.events;
      expect(events.map((e) => (e.event as Json)['@type'])).toEqual([
        'type.googleapis.com/poker.v1.HandStarted',
        'type.googleapis.com/poker.v1.BetPlaced',
        'type.googleapis.com/poker.v1.BetReverted',
      ]);
    });

    it('answers unknown timelines with 404 and unknown formats with 400', async () => {
      expect((await get('/correlations/nobody/timeline')).status).toBe(404);
      const table = rootToString(newRoot());
      await ok({
        domain: 'table',
        root: table,
        type: 'OpenTable',
        command: { name: 'T', maxSeats: 2 },
        correlationId: 'c-1',
      });
      const res = await get('/correlations/c-1/timeline?format=pdf');
      expect(res.status).toBe(400);
      expect((res.body as Json).message).toMatch(/format must be one of json, text, mermaid/);
    });
  });

  describe('GET /aggregates/:domain/:root', () => {
    it('marks revoked events and markers, pages the history, and folds the state without them', async () => {
      const ids = await seatedHand();
      const stream = { domain: 'table', root: ids.table };
      const before = await t.store.load(stream);
      // Sequence 1 is PlayerJoined; revoke it as an operator would.
      await t.store.append({
        stream,
        expectedSequence: before.nextSequence,
        pages: [
          create(EventPageSchema, {
            sequence: BigInt(before.nextSequence),
            event: anyPack(
              RevocationSchema,
              create(RevocationSchema, { sequences: [1n], reason: 'dealer error' }),
            ),
            eventId: 'revocation-1',
            createdAt: timestampNow(),
          }),
        ],
      });
      const all = await get(`/aggregates/table/${ids.table}`);
      expect(all.status).toBe(200);
      const body = all.body as { state: Json; history: { events: Json[] } };
      expect(body.state).toEqual({ open: true, seats: {} });
      const revoked = body.history.events.find((e) => e.sequence === 1);
      expect(revoked).toMatchObject({
        revoked: true,
        revokedReason: 'dealer error',
        marker: false,
      });
      expect(body.history.events.at(-1)).toMatchObject({ marker: true, revoked: false });
      expect(body.history.events.filter((e) => e.revoked)).toHaveLength(1);

      const page = await get(`/aggregates/table/${ids.table}?from=1&limit=1`);
      expect(page.body).toMatchObject({ history: { from: 1, limit: 1, next: 2 } });
      expect((page.body as typeof body).history.events.map((e) => e.sequence)).toEqual([1]);
    });

    it.each([
      [
        '/aggregates/casino/00000000-0000-4000-8000-000000000000',
        404,
        /hosts no aggregate of domain "casino"/,
      ],
      ['/aggregates/table/not-a-uuid', 400, /root must be a UUID/],
      ['/aggregates/table/00000000-0000-4000-8000-000000000000', 404, /no events for table/],
      [
        '/aggregates/table/00000000-0000-4000-8000-000000000000?limit=0',
        400,
        /limit must be an integer from 1 to 500/,
      ],
      [
        '/aggregates/table/00000000-0000-4000-8000-000000000000?limit=501',
        400,
        /limit must be an integer from 1 to 500, got "501"/,
      ],
      [
        '/aggregates/table/00000000-0000-4000-8000-000000000000?from=-1',
        400,
        /from must be an integer from 0 to \d+, got "-1"/,
      ],
      [
        '/aggregates/table/00000000-0000-4000-8000-000000000000?from=abc',
        400,
        /from must be an integer from 0 to \d+, got "abc"/,
      ],
      [`/correlations/${'c'.repeat(300)}/timeline`, 404, /no audit entries for correlation id/],
    ])('GET %s answers %i', async (path, status, message) => {
      const res = await get(path);
      expect(res.status).toBe(status);
      expect((res.body as Json).message).toMatch(message);
    });
  });
});
