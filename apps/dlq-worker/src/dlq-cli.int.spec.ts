import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeadLetter } from '@saga-kit/core';
import { uniqueName, waitFor } from '../../../test/infra';
import {
  call,
  failCommand,
  recordCount,
  startWorker,
  type WorkerFixture,
} from './dlq-worker-fixture.spec';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', '..', 'bin', 'saga-kit.js');

describe('saga-kit dlq commands against a running worker', () => {
  let fx: WorkerFixture;
  const component = uniqueName('cli');
  const letters: DeadLetter[] = [];

  /** Runs the real binary (from the sources) with the worker's URL and token in its environment. */
  async function sagaKit(
    args: string[],
    token = fx.token,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: {
          ...process.env,
          SAGA_KIT_CLI_FROM_SOURCE: '1',
          DLQ_API_URL: fx.url,
          DLQ_API_TOKEN: token,
        },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    fx = await startWorker();
    for (let i = 0; i < 3; i++) {
      letters.push(
        await failCommand(fx, {
          domain: 'table',
          correlationId: uniqueName('c'),
          offset: 200 + i,
          component,
        }),
      );
    }
    await waitFor(
      async () =>
        (
          (await call(fx, 'GET', `/api/dead-letters?component=${component}`)).body as {
            total: number;
          }
        ).total === 3,
      { timeoutMs: 20_000, message: 'three entries' },
    );
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('lists entries matching a filter', async () => {
    const { code, stdout, stderr } = await sagaKit([
      'dlq',
      'list',
      '--component',
      component,
      '--json',
    ]);
    expect(code).toBe(0);
    const ids = stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.sort()).toEqual(letters.map((l) => l.id).sort());
    expect(stderr).toMatch(/3 of 3 shown/);
  });

  it('shows one entry with its decoded payload', async () => {
    const { code, stdout } = await sagaKit(['dlq', 'show', letters[0]!.id]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      entry: { id: letters[0]!.id, status: 'open' },
      payload: { command: { '@type': 'type.googleapis.com/poker.v1.DeductFromPlayerStack' } },
    });
  });

  it('replays every open entry matching a filter once; a second run finds none', async () => {
    const target = fx.topics.commands('table');
    const before = await recordCount(fx.kafka, target);
    const first = await sagaKit(['dlq', 'replay', '--component', component]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ matched: 3, failed: [] });
    expect((JSON.parse(first.stdout) as { replayed: string[] }).replayed.sort()).toEqual(
      letters.map((l) => l.id).sort(),
    );
    const again = await sagaKit(['dlq', 'replay', '--component', component]);
    expect(JSON.parse(again.stdout)).toMatchObject({ matched: 0, replayed: [] });
    const byId = await sagaKit(['dlq', 'replay', letters[0]!.id]);
    expect(JSON.parse(byId.stdout)).toMatchObject({ alreadyReplayed: [letters[0]!.id] });
    expect(await recordCount(fx.kafka, target)).toBe(before + 3);
  });

  it('refuses with clear messages: no filter, no note, unknown entry, wrong token', async () => {
    const refusals: [string[], RegExp][] = [
      [['dlq', 'replay'], /give entry ids, a filter/],
      [['dlq', 'discard', 'some-id'], /--note/],
      [['dlq', 'show', 'no-such-entry'], /404 no dead letter/],
    ];
    for (const [args, message] of refusals) {
      const result = await sagaKit(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
    const denied = await sagaKit(['dlq', 'list'], 'a-wrong-token-value');
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/401/);
    expect(denied.stderr).not.toContain('a-wrong-token-value');
  });
});
