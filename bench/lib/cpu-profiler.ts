import { mkdirSync, writeFileSync } from 'node:fs';
import { Session, type Profiler, type Runtime } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { REPO_ROOT as REPO } from './repo-root';

const TOP = 15;

/** A function's share of a profile. */
export interface ProfileEntry {
  /** `name (file:line)`, file relative to the repository or `pkg/...` for a package. */
  fn: string;
  /** Where the code lives: a package, a saga-kit folder, `node`, `gc`, `idle`... */
  area: string;
  ms: number;
  pct: number;
}

/** The hottest functions and areas of the profiled phases of one job. */
export interface ProfileSummary {
  files: string[];
  sampledMs: number;
  /** Time spent in the function itself. */
  topSelf: ProfileEntry[];
  /** Time spent in the function and what it called (each stack counted once per function). */
  topInclusive: ProfileEntry[];
  /** The same, for saga-kit's own functions only: its hottest paths. */
  sagaKitInclusive: ProfileEntry[];
  /** Self time by area. */
  byArea: Array<{ area: string; ms: number; pct: number }>;
}

/**
 * The V8 sampling profiler of this process (what `node --cpu-prof` records), started and stopped
 * around measured phases only, so that setup and group joins stay out of the profile.
 */
export class CpuProfiler {
  private readonly session = new Session();
  private readonly profiles: Profiler.Profile[] = [];
  private running = false;

  constructor(private readonly enabled: boolean) {
    if (enabled) this.session.connect();
  }

  /** Runs `body` under the profiler when enabled. */
  async around<T>(body: () => Promise<T>): Promise<T> {
    if (!this.enabled || this.running) return body();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.post('Profiler.start');
    this.running = true;
    try {
      return await body();
    } finally {
      const { profile } = (await this.post('Profiler.stop')) as { profile: Profiler.Profile };
      this.running = false;
      this.profiles.push(profile);
    }
  }

  /** Writes the profiles as `<dir>/<name>-<n>.cpuprofile` and summarises them; undefined if none. */
  finish(dir: string, name: string): ProfileSummary | undefined {
    if (!this.enabled) return undefined;
    this.session.disconnect();
    if (this.profiles.length === 0) return undefined;
    mkdirSync(dir, { recursive: true });
    const files = this.profiles.map((profile, i) => {
      const file = join(dir, `${name}-${i + 1}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return relative(REPO, file);
    });
    return { files, ...summarizeProfiles(this.profiles) };
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((done, fail) =>
      this.session.post(method, params, (error, result) => (error ? fail(error) : done(result))),
    );
  }
}

/** Self and inclusive time per function, and self time per area, over several profiles. */
export function summarizeProfiles(
  profiles: readonly Profiler.Profile[],
): Omit<ProfileSummary, 'files'> {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, string>();
  let total = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const ms = (deltas[i] ?? 0) / 1000;
      total += ms;
      const leaf = nodes.get(samples[i]!);
      if (!leaf) continue;
      const leafKey = keyOf(leaf.callFrame);
      areas.set(leafKey, areaOf(leaf.callFrame));
      self.set(leafKey, (self.get(leafKey) ?? 0) + ms);
      const seen = new Set<string>();
      for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
        const frame = nodes.get(id)!.callFrame;
        const key = keyOf(frame);
        if (seen.has(key) || frame.functionName === '(root)') continue;
        seen.add(key);
        areas.set(key, areaOf(frame));
        inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
      }
    }
  }
  const entries = (map: Map<string, number>, keep = (_fn: string) => true): ProfileEntry[] =>
    [...map]
      .filter(([fn]) => keep(fn))
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([fn, ms]) => ({ fn, area: areas.get(fn) ?? '?', ms: round(ms), pct: pct(ms, total) }));
  const byArea = new Map<string, number>();
  for (const [fn, ms] of self) {
    const area = areas.get(fn) ?? '?';
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
  }
  return {
    sampledMs: round(total),
    topSelf: entries(self),
    topInclusive: entries(inclusive),
    sagaKitInclusive: entries(inclusive, (fn) => (areas.get(fn) ?? '').startsWith('saga-kit')),
    byArea: [...byArea]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([area, ms]) => ({ area, ms: round(ms), pct: pct(ms, total) })),
  };
}

function keyOf(frame: Runtime.CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const { path, line } = sourceOf(frame);
  return `${name} (${shortPath(path)}:${line})`;
}

/**
 * The source file and 1-based line of a frame: through the source map of a compiled file (job
 * processes run with --enable-source-maps), else the frame's own.
 */
function sourceOf(frame: Runtime.CallFrame): { path: string; line: number } {
  const path = frame.url.replace(/^file:\/\//, '');
  if (path.endsWith('.js') && path.includes('/dist/bench/')) {
    const entry = findSourceMap(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    // An empty object when the position maps to nothing.
    if (entry && 'originalSource' in entry) {
      return { path: entry.originalSource.replace(/^file:\/\//, ''), line: entry.originalLine + 1 };
    }
  }
  return { path, line: frame.lineNumber + 1 };
}

function shortPath(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (pkg) return `${pkg[1]}/${pkg[2]}`;
  return path.startsWith(REPO) ? relative(REPO, path) : path;
}

/** `kafkajs`, `saga-kit/adapters/redis`, `bench`, `node`, `gc`, `idle`, `program`... */
function areaOf(frame: Runtime.CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'gc';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'program';
    return 'native';
  }
  if (url.startsWith('node:')) return 'node';
  const path = shortPath(sourceOf(frame).path);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  const lib = /^libs\/saga-kit\/src\/([^/]+)(?:\/([^/]+)\/)?/.exec(path);
  if (lib) return lib[2] ? `saga-kit/${lib[1]}/${lib[2]}` : `saga-kit/${lib[1]}`;
  const other = /^(libs\/[^/]+|apps\/[^/]+|bench|test)\//.exec(path);
  return other ? other[1]! : 'other';
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function pct(ms: number, total: number): number {
  return total > 0 ? Math.round((ms / total) * 1000) / 10 : 0;
}
