import { resolve } from 'node:path';
import { OwnedProcess } from '../../infra';

const ROOT = resolve(__dirname, '../../..');

/**
 * Loads TypeScript in a plain `node` child the way jest does: jest.config.js's swc options and
 * module name mapper (the path aliases), then runs the entry module given as the first argument.
 */
const BOOTSTRAP = `
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const root = ${JSON.stringify(ROOT)};
const { transformSync } = require(require.resolve('@swc/core', { paths: [root] }));
const { projects: [jest] } = require(join(root, 'jest.config.js'));
const [, swc] = Object.values(jest.transform)[0];
const aliases = Object.entries(jest.moduleNameMapper).map(([pattern, target]) => [
  new RegExp(pattern),
  target.replace('<rootDir>', root),
]);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = aliases.find(([pattern]) => pattern.test(request));
  if (alias) request = request.replace(alias[0], alias[1]);
  return resolveFilename.call(this, request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swc, filename });
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
