export * from './definition';
export * from './retry';
