import { pino } from 'pino';
import { startDemoSystem, type DemoSystem } from './demo-system';
import { renderRun, renderSummary, runScenarios, type ScenarioRun } from './scenario-runner';
import { REGULATOR_STEPS, regulatorSteps, SCENARIOS } from './scenarios';

/** The embedded demo, in process: every scenario reaches its outcome, the seed story reads right. */
describe('the embedded demo', () => {
  let system: DemoSystem;
  let runs: ScenarioRun[];
  const run = (name: string): ScenarioRun => {
    const found = runs.find((r) => r.scenario.name === name);
    if (!found) throw new Error(`scenario ${name} did not run`);
    return found;
  };
  const kinds = (name: string) =>
    run(name).timeline.map((e) => `${e.kind} ${e.commandType ?? ''}`.trim());

  beforeAll(async () => {
    system = await startDemoSystem({ logger: () => pino({ level: 'silent' }) });
    runs = await runScenarios(system, SCENARIOS);
  });

  afterAll(async () => {
    await system.close();
  });

  it('plays the required failure scenarios', () => {
    expect(runs.map((r) => r.scenario.name)).toEqual(
      expect.arrayContaining([
        'bet-reverted',
        'join-rejected',
        'reserve-rejected',
        'verification-failed',
        'player-disconnected',
        'short-of-blind',
        'invalid-bet',
        'action-timeout',
      ]),
    );
  });

  it.each(SCENARIOS.map((s) => s.name))('%s reaches its expected outcome', (name) => {
    const r = run(name);
    expect({ error: r.error, failed: r.result?.checks.filter((c) => !c.ok) }).toEqual({
      error: undefined,
      failed: [],
    });
    expect(r.passed).toBe(true);
  });

  it('bet-reverted: the seed timeline reads as the regulator’s five steps, in order', () => {
    const timeline = run('bet-reverted').timeline;
    const steps = regulatorSteps(timeline);
    expect(steps.map((s) => s.step)).toEqual([...REGULATOR_STEPS]);
    const [placed, attempted, rejected, reverted, notified] = steps.map((s) => s.entry);
    expect(placed).toMatchObject({
      kind: 'command.accepted',
      domain: 'hand',
      commandType: 'PlaceBet',
    });
    expect(placed?.eventTypes).toContain('BetPlaced');
    expect(attempted).toMatchObject({
      kind: 'command.issued',
      saga: 'hand-table',
      commandType: 'DeductFromPlayerStack',
      peer: { domain: 'table' },
    });
    expect(rejected).toMatchObject({
      kind: 'command.rejected',
      domain: 'table',
      reason: 'player_folded',
    });
    expect(reverted).toMatchObject({ kind: 'compensation.appended', domain: 'hand' });
    expect(reverted?.eventTypes).toContain('BetReverted');
    expect(notified).toMatchObject({ kind: 'notification.handled', domain: 'hand' });
    // Recorded in causal order: the bet before the attempt before the rejection before the revert.
    const at = (e: unknown) => timeline.indexOf(e as (typeof timeline)[number]);
    expect(at(placed)).toBeLessThan(at(attempted));
    expect(at(attempted)).toBeLessThan(at(rejected));
    expect(at(rejected)).toBeLessThan(at(notified));
    expect(at(notified)).toBeLessThan(at(reverted));
    const printed = renderRun(run('bet-reverted'));
    expect(printed).toMatch(/1\. bet placed .*PlaceBet accepted → BetPlaced@/);
    expect(printed).toMatch(
      /3\. rejected with reason .*DeductFromPlayerStack rejected: player_folded/,
    );
    expect(printed).toMatch(/4\. bet reverted .*compensated with BetReverted@/);
  });

  it('join-rejected: the table’s refusal goes back to the player, who releases the funds', () => {
    expect(kinds('join-rejected')).toEqual([
      'command.accepted ReserveFunds',
      'command.issued JoinTable',
      'command.rejected JoinTable',
      'notification.sent JoinTable',
      'notification.handled JoinTable',
      'compensation.appended JoinTable',
    ]);
    expect(run('join-rejected').timeline.at(-1)?.eventTypes).toEqual(['FundsReleased']);
  });

  it('reserve-rejected: the player’s refusal sits the player out at the table', () => {
    const last = run('reserve-rejected').timeline.at(-1);
    expect(last).toMatchObject({
      kind: 'compensation.appended',
      domain: 'table',
      eventTypes: ['PlayerSatOut'],
    });
  });

  it('verification-failed: the table releases the seat, refunds the buy-in and records why', () => {
    const compensation = run('verification-failed').timeline.find(
      (e) => e.kind === 'compensation.appended',
    );
    expect(compensation?.eventTypes).toEqual(['SeatReleased', 'BuyInRefunded', 'JoinRejected']);
    expect(kinds('verification-failed')).toContain('command.accepted ReleaseFunds');
  });

  it('invalid-bet: the rejected bet is followed by a prompt to retry, then the call', () => {
    expect(kinds('invalid-bet').slice(0, 3)).toEqual([
      'command.rejected PlaceBet',
      'command.accepted RequestActionRetry',
      'command.accepted PlaceBet',
    ]);
  });

  it('action-timeout: the shot clock’s timers fire from the durable queue, stale ones change nothing', () => {
    const timers = run('action-timeout').timeline.filter(
      (e) => e.kind === 'command.accepted' && e.commandType === 'ExpireActionTimer',
    );
    expect(timers.map((e) => e.eventTypes ?? [])).toEqual([
      ['PlayerFolded', 'ActionRequested'],
      [],
      ['PlayerChecked', 'StreetAdvanced', 'ActionRequested'],
    ]);
    expect(renderRun(run('action-timeout'))).toMatch(
      /saga hand-timers issued ExpireActionTimer to hand\/\w+ for event @3, to deliver at /,
    );
  });

  it('short-of-blind and player-disconnected: the table hears of the sit-out and the fold', () => {
    expect(kinds('short-of-blind')).toContain('command.accepted SitOutAtTable');
    expect(kinds('player-disconnected')).toContain('command.accepted MarkPlayerFolded');
  });

  it('closes with the plain count line', () => {
    expect(renderSummary(runs)).toBe(`${SCENARIOS.length} passed, 0 failed`);
  });
});
