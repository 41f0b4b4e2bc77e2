/** Architecture rules checked with every test run (`npm run depcheck`). */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make modules impossible to reason about in isolation.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'apps-never-import-apps',
      severity: 'error',
      comment: 'Each service is deployed on its own; share code through libs.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-use-the-public-api-only',
      severity: 'error',
      comment:
        'Apps and the poker domain import @saga-kit/core (libs/saga-kit/src/index.ts) or its testing entry, nothing deeper.',
      from: { path: '^(apps|libs/poker-domain)/' },
      to: {
        path: '^libs/saga-kit/src/',
        pathNot: '^libs/saga-kit/src/(index|testing/index)\\.ts$',
      },
    },
    {
      name: 'runtime-never-imports-adapters',
      severity: 'error',
      comment:
        'The runtime depends on ports only; adapters implement ports. Its specs may use the memory adapters.',
      from: { path: '^libs/saga-kit/src/(runtime|messaging|ports)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/saga-kit/src/(adapters|nest|cli)/' },
    },
    {
      name: 'saga-kit-knows-no-poker',
      severity: 'error',
      comment:
        'The library is domain-free; its specs and spec fixtures (testing/fixtures) may use the poker contracts.',
      from: { path: '^libs/saga-kit/', pathNot: '(\\.spec\\.ts$|/testing/fixtures/)' },
      to: { path: '^libs/poker-contracts/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
