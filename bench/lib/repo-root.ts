import { basename, dirname, resolve } from 'node:path';

const here = resolve(__dirname, '../..');

/**
 * The repository's root, from the sources (bench/lib) or from their compiled copy
 * (dist/bench/bench/lib) that job processes run.
 */
export const REPO_ROOT =
  basename(here) === 'bench' && basename(dirname(here)) === 'dist' ? dirname(dirname(here)) : here;
