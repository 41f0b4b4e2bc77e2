export { PollingLoop } from './polling-loop';
export type { PollingLoopOptions } from './polling-loop';
export { DeadlineScheduler, parseDeadlineJob } from './deadline-scheduler';
export type { DeadlineJob } from './deadline-scheduler';
export { DeadlineSweeper } from './deadline-sweeper';
export type { DeadlineSweeperDeps, DeadlineSweeperOptions } from './deadline-sweeper';
