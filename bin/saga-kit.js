#!/usr/bin/env node
// The `saga-kit` operator CLI (`npx saga-kit --help`). Runs the compiled CLI from dist/ after
// `npm run build`; in a checkout that has not been built, runs the TypeScript sources through
// @swc-node/register (a devDependency) instead; SAGA_KIT_CLI_FROM_SOURCE=1 forces the sources.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const compiled = join(root, 'dist', 'libs', 'saga-kit', 'src', 'cli', 'main.js');

function entry() {
  if (!process.env.SAGA_KIT_CLI_FROM_SOURCE && existsSync(compiled)) return compiled;
  try {
    process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(root, 'tsconfig.json');
    require('@swc-node/register');
  } catch {
    console.error('saga-kit: the CLI is not built. Run `npm run build` first.');
    process.exit(1);
  }
  return join(root, 'libs', 'saga-kit', 'src', 'cli', 'main.ts');
}

require(entry())
  .main(process.argv.slice(2))
  .then((code) => process.exit(code));
