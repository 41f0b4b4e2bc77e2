import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { transformFile, type Options } from '@swc/core';
import { REPO_ROOT as REPO } from './repo-root';

/** Where the jobs' JavaScript goes: under dist/ (git-ignored, never linted). */
export const BUILD_DIR = join(REPO, 'dist', 'bench');
/** What the jobs may load: the benchmarks, the libraries and the test infrastructure. */
const SOURCE_DIRS = ['bench', 'libs', 'test/infra'];
const PARALLEL = 16;

/**
 * Compiles the TypeScript the jobs run into plain CommonJS under dist/bench, with @swc/core and
 * jest's settings (legacy decorators with metadata, ES2022), the tsconfig path aliases rewritten
 * to relative paths, and source maps. A job process then runs plain JavaScript: no compiler in its
 * memory (an on-the-fly register hook adds tens of MiB to every RSS reading) and no compile time in
 * its run. Unchanged files are skipped; returns how many files were compiled.
 */
export async function buildWorkers(): Promise<number> {
  const tsconfig = JSON.parse(await readFile(join(REPO, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { baseUrl?: string; paths?: Record<string, string[]> };
  };
  const options: Options = {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: resolve(REPO, tsconfig.compilerOptions.baseUrl ?? '.'),
      paths: tsconfig.compilerOptions.paths ?? {},
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
    swcrc: false,
    configFile: false,
  };
  // A change of settings or of the compiler invalidates every file.
  const version = (
    JSON.parse(await readFile(require.resolve('@swc/core/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const stamp = createHash('sha1')
    .update(`${version}\0${JSON.stringify(options)}`)
    .digest('hex');
  const stampFile = join(BUILD_DIR, '.build-stamp');
  const fresh = (await readFile(stampFile, 'utf8').catch(() => '')) !== stamp;
  const sources = (
    await Promise.all(SOURCE_DIRS.map((d) => typeScriptFiles(join(REPO, d))))
  ).flat();
  let compiled = 0;
  for (let i = 0; i < sources.length; i += PARALLEL) {
    await Promise.all(
      sources.slice(i, i + PARALLEL).map(async (source) => {
        const target = join(BUILD_DIR, relative(REPO, source)).replace(/\.ts$/, '.js');
        if (!fresh && (await isNewer(target, source))) return;
        const { code, map } = await transformFile(source, { ...options, filename: source });
        await mkdir(dirname(target), { recursive: true });
        await writeFile(`${target}.map`, map ?? '');
        await writeFile(target, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
        compiled++;
      }),
    );
  }
  await mkdir(BUILD_DIR, { recursive: true });
  await writeFile(stampFile, stamp);
  return compiled;
}

async function typeScriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries.map(async (e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : typeScriptFiles(path);
      const wanted = e.name.endsWith('.ts') && !/\.(spec|d)\.ts$/.test(e.name);
      return wanted ? [path] : [];
    }),
  );
  return found.flat();
}

async function isNewer(target: string, source: string): Promise<boolean> {
  const [t, s] = await Promise.all([stat(target).catch(() => undefined), stat(source)]);
  return t !== undefined && t.mtimeMs >= s.mtimeMs;
}
