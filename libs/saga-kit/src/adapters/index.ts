export * from './memory';
export * from './redis';
