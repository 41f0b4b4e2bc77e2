// Test levels are told apart by file suffix: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts.
// Integration and end-to-end levels share one global setup that starts (or reuses, when
// KAFKA_BROKERS / REDIS_URL are set) a Kafka-protocol broker and a Redis for the run.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@saga-kit/core$': '<rootDir>/libs/saga-kit/src',
    '^@saga-kit/core/(.*)$': '<rootDir>/libs/saga-kit/src/$1',
    '^@poker/contracts$': '<rootDir>/libs/poker-contracts/src',
    '^@poker/domain$': '<rootDir>/libs/poker-domain/src',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  // Jest reads testTimeout only at the top level, not per project. Integration tests wait for
  // consumer-group joins (about 3 s each on the mock), so the default 5 s is too tight.
  testTimeout: 60000,
  // On 2 cores jest runs every test file in its one main process (in band), so anything a test
  // leaves running (a client reconnecting to the stopped broker, say) keeps the run from ending
  // after every test passed: seen in one CI run of four, not found by --detectOpenHandles. Exit
  // once the results are in; `npx jest --detectOpenHandles` is the way to look for such a leak.
  forceExit: true,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...base,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/test/infra/global-setup.ts',
      globalTeardown: '<rootDir>/test/infra/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/infra/global-setup.ts',
      globalTeardown: '<rootDir>/test/infra/global-teardown.ts',
    },
  ],
};
