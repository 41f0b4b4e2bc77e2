import { newRoot, rootToString } from '../../messaging/ids';
import { accepted, call, createTestApp, type TestApp } from '../nest-fixtures.spec';

type Json = Record<string, unknown>;

describe('HTTP gateway: POST /commands', () => {
  let t: TestApp;
  const post = (body: unknown) => call(`${t.url}/commands`, { body });

  beforeEach(async () => {
    t = await createTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  describe('POST /commands', () => {
    it('answers an accepted command with its events as JSON with @type and sequence', async () => {
      const table = rootToString(newRoot());
      const res = await post({
        domain: 'table',
        root: table,
        type: 'OpenTable',
        command: { name: 'High stakes', maxSeats: 6 },
        correlationId: 'open-1',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-correlation-id')).toBe('open-1');
      expect(res.body).toEqual({
        outcome: 'accepted',
        commandId: expect.any(String) as unknown,
        correlationId: 'open-1',
        events: [
          {
            '@type': 'type.googleapis.com/poker.v1.TableOpened',
            name: 'High stakes',
            maxSeats: 6,
            sequence: 0,
          },
        ],
      });
    });

    it('answers a rejected command with 409 and the reason', async () => {
      const table = rootToString(newRoot());
      await accepted(t.url, {
        domain: 'table',
        root: table,
        type: 'OpenTable',
        command: { name: 'T', maxSeats: 2 },
      });
      const res = await post({
        domain: 'table',
        root: table,
        type: 'poker.v1.OpenTable',
        command: { name: 'T', maxSeats: 2 },
      });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ outcome: 'rejected', reason: 'table_already_open' });
    });

    it('returns the first outcome for a retried commandId and appends once', async () => {
      const table = rootToString(newRoot());
      const body = {
        domain: 'table',
        root: table,
        type: 'OpenTable',
        command: { name: 'T', maxSeats: 2 },
        commandId: 'open-once',
      };
      const first = await post(body);
      const again = await post(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect((await t.store.load({ domain: 'table', root: table })).pages).toHaveLength(1);
    });

    it.each([
      ['a body that is not an object', [1, 2], /body must be a JSON object/],
      [
        'a missing domain',
        { root: rootToString(newRoot()), type: 'OpenTable' },
        /domain is required/,
      ],
      [
        'an unknown domain',
        { domain: 'casino', root: rootToString(newRoot()), type: 'OpenTable' },
        /unknown domain "casino": this service hosts hand, table, player/,
      ],
      [
        'a root that is not a UUID',
        { domain: 'table', root: 'table-1', type: 'OpenTable' },
        /root must be a UUID/,
      ],
      [
        'an unknown full type',
        { domain: 'table', root: rootToString(newRoot()), type: 'poker.v1.Nope' },
        /unknown command type "poker.v1.Nope"/,
      ],
      [
        'an unknown short type',
        { domain: 'table', root: rootToString(newRoot()), type: 'Nope' },
        /domain table has no command "Nope"; it handles OpenTable, JoinTable/,
      ],
      [
        'a type another domain handles',
        { domain: 'table', root: rootToString(newRoot()), type: 'poker.v1.PlaceBet' },
        /domain table does not handle poker.v1.PlaceBet/,
      ],
      [
        'a field of the wrong type',
        {
          domain: 'table',
          root: rootToString(newRoot()),
          type: 'OpenTable',
          command: { maxSeats: 'six' },
        },
        /invalid poker.v1.OpenTable: .*max_seats.*expected number/,
      ],
      [
        'an unknown field',
        {
          domain: 'table',
          root: rootToString(newRoot()),
          type: 'OpenTable',
          command: { seats: 6 },
        },
        /invalid poker.v1.OpenTable: .*seats/,
      ],
      [
        'a command that is not an object',
        { domain: 'table', root: rootToString(newRoot()), type: 'OpenTable', command: 'x' },
        /command must be a JSON object/,
      ],
      [
        'a bad expectedSequence',
        { domain: 'table', root: rootToString(newRoot()), type: 'OpenTable', expectedSequence: -1 },
        /expectedSequence must be a non-negative integer/,
      ],
      [
        'an expectedSequence that is a string',
        {
          domain: 'table',
          root: rootToString(newRoot()),
          type: 'OpenTable',
          expectedSequence: '1',
        },
        /expectedSequence must be a non-negative integer/,
      ],
      [
        'a commandId longer than 200 characters',
        {
          domain: 'table',
          root: rootToString(newRoot()),
          type: 'OpenTable',
          commandId: 'c'.repeat(201),
        },
        /commandId must be a non-empty string of at most 200 characters/,
      ],
      [
        'a correlationId that is not a string',
        { domain: 'table', root: rootToString(newRoot()), type: 'OpenTable', correlationId: 7 },
        /correlationId must be a non-empty string of at most 200 characters/,
      ],
      ['an empty JSON object', {}, /domain is required and must be a non-empty string/],
      ['a JSON null body', null, /"null" is not valid JSON/],
    ])('answers %s with 400 and a clear message', async (_what, body, message) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect((res.body as Json).message).toMatch(message);
      expect(res.text).not.toMatch(/\n\s+at /);
    });

    it('takes the correlation id from x-correlation-id, and refuses one it cannot use', async () => {
      const body = (root: string) => ({
        domain: 'table',
        root,
        type: 'OpenTable',
        command: { name: 'T', maxSeats: 2 },
      });
      const table = rootToString(newRoot());
      const ok = await call(`${t.url}/commands`, {
        body: body(table),
        headers: { 'x-correlation-id': 'from-header' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ correlationId: 'from-header' });

      const other = rootToString(newRoot());
      const res = await call(`${t.url}/commands`, {
        body: body(other),
        headers: { 'x-correlation-id': 'c'.repeat(201) },
      });
      expect(res.status).toBe(400);
      expect((res.body as Json).message).toBe(
        'x-correlation-id must be a non-empty id of at most 200 characters',
      );
      expect((await t.store.load({ domain: 'table', root: other })).pages).toEqual([]);
    });

    it('answers a request without a body with 400 and what the body must be', async () => {
      const res = await call(`${t.url}/commands`, { method: 'POST' });
      expect(res.status).toBe(400);
      expect((res.body as Json).message).toBe(
        'the body must be a JSON object: { domain, root, type, command }',
      );
    });

    it('answers an oversized body with 413 and appends nothing', async () => {
      const table = rootToString(newRoot());
      const res = await post({
        domain: 'table',
        root: table,
        type: 'OpenTable',
        command: { name: 'x'.repeat(200_000), maxSeats: 2 },
      });
      expect(res.status).toBe(413);
      expect((res.body as Json).message).toBe('request entity too large');
      expect(res.text).not.toMatch(/\n\s+at /);
      expect((await t.store.load({ domain: 'table', root: table })).pages).toEqual([]);
    });

    it('answers malformed JSON with 400, not 500', async () => {
      const res = await call(`${t.url}/commands`, { rawBody: '{"domain": "table",' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect((res.body as Json).message).toMatch(/JSON/);
      expect(res.text).not.toMatch(/\n\s+at /);
    });
  });
});
