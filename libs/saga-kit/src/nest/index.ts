export * from './health';
export * from './bootstrap';
