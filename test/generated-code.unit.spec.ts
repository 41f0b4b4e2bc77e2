import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const BUF_TIMEOUT_MS = 60_000;
const REGENERATE = 'Run `npm run generate` and commit the result; never edit gen/ by hand.';

/** Where scripts/generate.sh copies each package of buf's output. */
const TARGETS = [
  { generated: 'sagakit', committed: 'libs/saga-kit/src/gen/sagakit' },
  { generated: 'poker', committed: 'libs/poker-contracts/src/gen/poker' },
];

function buf(args: string[]): void {
  // buf runs the local protoc-gen-es plugin, which it finds on PATH.
  const run = spawnSync(join(BIN, 'buf'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${BIN}${delimiter}${process.env['PATH'] ?? ''}` },
  });
  if (run.error || run.status !== 0) {
    throw new Error(
      `buf ${args.join(' ')} failed:\n${run.error?.message ?? ''}${run.stdout}${run.stderr}`,
    );
  }
}

/** Every file under `dir`, as sorted paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('generated protobuf code', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'saga-kit-gen-'));
    buf(['generate', '--template', 'buf.gen.yaml', '--output', out]);
  }, BUF_TIMEOUT_MS);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('has a committed home for every generated package', () => {
    const generated = readdirSync(join(out, 'gen')).sort();

    expect(generated).toEqual(TARGETS.map((target) => target.generated).sort());
  });

  it.each(TARGETS)('is up to date in $committed', ({ generated, committed }) => {
    const freshDir = join(out, 'gen', generated);
    const committedDir = join(ROOT, committed);
    const fresh = filesUnder(freshDir);
    const current = filesUnder(committedDir);

    const problems = [
      ...fresh.filter((file) => !current.includes(file)).map((file) => `missing: ${file}`),
      ...current.filter((file) => !fresh.includes(file)).map((file) => `not generated: ${file}`),
      ...fresh
        .filter((file) => current.includes(file))
        .filter(
          (file) =>
            readFileSync(join(freshDir, file), 'utf8') !==
            readFileSync(join(committedDir, file), 'utf8'),
        )
        .map((file) => `stale: ${file}`),
    ];
    if (fresh.length === 0) problems.push('buf generated nothing for this package');
    if (problems.length > 0) {
      throw new Error(`${committed} does not match proto/. ${REGENERATE}\n${problems.join('\n')}`);
    }
  });
});

describe('protobuf contracts', () => {
  it('pass buf lint', () => buf(['lint']), BUF_TIMEOUT_MS);
});
