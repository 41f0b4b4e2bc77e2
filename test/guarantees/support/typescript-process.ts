import { resolve } from 'node:path';
import { OwnedProcess } from '../../infra';

const ROOT = resolve(__dirname, '../../..');

/**
 * Loads TypeScript in a plain `node` child the way jest does (swc, the same decorator settings
 * and path aliases), then runs the entry module given as the first argument.
 */
const BOOTSTRAP = `
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const root = ${JSON.stringify(ROOT)};
const { transformSync } = require(require.resolve('@swc/core', { paths: [root] }));
const aliases = [
  ['@saga-kit/core', 'libs/saga-kit/src'],
  ['@poker/contracts', 'libs/poker-contracts/src'],
];
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [alias, target] of aliases) {
    if (request === alias || request.startsWith(alias + '/')) {
      request = join(root, target + request.slice(alias.length));
    }
  }
  return resolveFilename.call(this, request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(process.argv[1]);
`;

/** Runs a TypeScript module of this repository in a child process owned by the test. */
export function spawnTypeScript(
  name: string,
  entry: string,
  args: readonly string[],
): OwnedProcess {
  return OwnedProcess.spawn(name, process.execPath, ['-e', BOOTSTRAP, entry, ...args], {
    echo: (process.env['LOG_LEVEL'] ?? 'silent') !== 'silent',
  });
}
