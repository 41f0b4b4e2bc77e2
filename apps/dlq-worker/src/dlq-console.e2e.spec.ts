import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { DeadLetter } from '@saga-kit/core';
import { uniqueName, waitFor } from '../../../test/infra';
import {
  call,
  failCommand,
  recordCount,
  startWorker,
  type WorkerFixture,
} from './dlq-worker-fixture.spec';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');

describe('dlq-worker console (Chromium)', () => {
  let fx: WorkerFixture;
  let context: BrowserContext;
  let profile: string;
  let target: DeadLetter;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    }
    fx = await startWorker();
    target = await failCommand(fx, {
      domain: 'table',
      correlationId: uniqueName('console'),
      offset: 7,
    });
    await failCommand(fx, {
      domain: 'table',
      correlationId: uniqueName('other'),
      offset: 8,
      reason: 'retries_exhausted',
    });
    await failCommand(fx, { domain: 'player', correlationId: uniqueName('player'), offset: 9 });
    await waitFor(
      async () =>
        ((await call(fx, 'GET', '/api/dead-letters')).body as { total: number }).total === 3,
      {
        timeoutMs: 20_000,
        message: 'three stored dead letters',
      },
    );
    profile = mkdtempSync(join(tmpdir(), 'dlq-console-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await fx?.close();
  });

  it('signs in, filters, opens an entry with its payload and diagram, replays it and sees it replayed', async () => {
    const page: Page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(fx.url);

    // A wrong token is refused; the right one opens the console.
    await page.fill('#token', 'not-the-token-at-all');
    await page.click('#login');
    await page
      .locator('#login-error')
      .filter({ hasText: /token|bearer/i })
      .waitFor();
    await page.fill('#token', fx.token);
    await page.click('#login');
    await page.locator('#main-view').waitFor({ state: 'visible' });
    await page.locator('#entries tr.entry').nth(2).waitFor();
    await page.locator('#counts [data-group="domain"] button[data-value="table"]').waitFor();

    await page.fill('#filter-domain', 'table');
    await page.fill('#filter-reason', 'handler_error');
    await page.click('#apply');
    await page.locator('#page-info').filter({ hasText: '1–1 of 1' }).waitFor();
    const row = page.locator(`#entries tr.entry[data-id="${target.id}"]`);
    await row.click();

    await page.locator('#detail-id').filter({ hasText: target.id }).waitFor();
    const payload = await page.locator('#payload').textContent();
    expect(payload).toContain('type.googleapis.com/poker.v1.DeductFromPlayerStack');
    expect(payload).toContain('"playerId": "***"');
    const diagram = page.locator('#diagram svg.sequence-diagram');
    await diagram.waitFor();
    const labels = await diagram.locator('g.participant text').allTextContents();
    expect(labels.map((l) => l.split(' ')[0])).toEqual(['hand', 'saga', 'table']);
    expect(await diagram.locator('g.message').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#detail-status').textContent()).toBe('open');

    const before = await recordCount(fx.kafka, fx.topics.commands('table'));
    await page.click('#replay');
    await page.locator('#confirm').waitFor({ state: 'visible' });
    await page.click('#confirm-ok');
    await page.locator('#detail-status').filter({ hasText: 'replayed' }).waitFor();
    await row.locator('.badge.replayed').waitFor();
    expect(await page.locator('#replay').isDisabled()).toBe(true);
    expect(await recordCount(fx.kafka, fx.topics.commands('table'))).toBe(before + 1);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dlq-console.png'), fullPage: true });

    // A filter the API refuses is said on the page, also when a count's button asks for the list.
    await page.fill('#filter-domain', 'two words');
    await page.click('#counts [data-group="reason"] button[data-value="handler_error"]');
    await page
      .locator('#message.error')
      .filter({ hasText: /domain must be/ })
      .waitFor();
    expect(errors).toEqual([]);
  });
});
