import type { ScenarioSpec } from '../scenarios/catalog';
import type { ProfileSummary } from './cpu-profiler';
import type { JobOutput } from './job';
import type { Measurement } from './measurement';

/** What happened to one job. */
export type JobResult =
  | { status: 'done'; output: JobOutput; profile?: ProfileSummary; wallMs: number }
  | { status: 'failed'; error: string; wallMs: number }
  | { status: 'skipped'; reason: string };

/** saga-kit / baseline; null when either side lacks the number. */
export interface Ratio {
  p50: number | null;
  p99: number | null;
  throughput: number | null;
  peakRss: number | null;
}

/** One scenario in results.json. The top-level numbers are saga-kit's. */
export interface ScenarioReport {
  title: string;
  status: 'measured' | 'not-measured' | 'failed';
  reason?: string;
  unit?: string;
  p50Ms?: number | null;
  p99Ms?: number | null;
  throughputPerSec?: number;
  peakRssMiB?: number;
  baselineName?: string | null;
  /** saga-kit / baseline: above 1 for latency and RSS means saga-kit costs more; below 1 for throughput. */
  ratio?: Ratio | null;
  target?: { description: string; met: boolean };
  sagaKit?: Measurement;
  baseline?: Measurement | null;
}

/** Builds a scenario's report from the jobs' results. */
export function scenarioReport(
  spec: ScenarioSpec,
  jobs: ReadonlyMap<string, JobResult>,
): ScenarioReport {
  const side = lookup(spec.sagaKit, jobs);
  if ('missing' in side) return { title: spec.title, ...side.missing };
  const m = side.measurement;
  const report: ScenarioReport = {
    title: spec.title,
    status: 'measured',
    unit: m.unit,
    p50Ms: m.latency?.p50Ms ?? null,
    p99Ms: m.latency?.p99Ms ?? null,
    throughputPerSec: m.throughputPerSec,
    peakRssMiB: m.peakRssMiB,
    baselineName: null,
    ratio: null,
  };
  if (spec.target)
    report.target = { description: spec.target.description, met: spec.target.met(m) };
  report.sagaKit = m;
  report.baseline = null;
  if (spec.baseline) {
    const base = lookup(spec.baseline, jobs);
    if ('missing' in base) {
      report.reason = `baseline ${base.missing.status}: ${base.missing.reason}`;
    } else {
      const b = base.measurement;
      report.baseline = b;
      report.baselineName = b.name;
      report.ratio = {
        p50: ratio(m.latency?.p50Ms, b.latency?.p50Ms),
        p99: ratio(m.latency?.p99Ms, b.latency?.p99Ms),
        throughput: ratio(m.throughputPerSec, b.throughputPerSec),
        peakRss: ratio(m.peakRssMiB, b.peakRssMiB),
      };
    }
  }
  return report;
}

function lookup(
  [job, phase]: readonly [string, string],
  jobs: ReadonlyMap<string, JobResult>,
):
  | { measurement: Measurement }
  | { missing: { status: 'not-measured' | 'failed'; reason: string } } {
  const result = jobs.get(job);
  if (!result) return { missing: { status: 'not-measured', reason: `job ${job} was not run` } };
  if (result.status === 'skipped')
    return { missing: { status: 'not-measured', reason: result.reason } };
  if (result.status === 'failed') {
    return { missing: { status: 'failed', reason: firstLine(result.error) } };
  }
  const measurement = result.output.measurements[phase];
  if (measurement) return { measurement };
  const why = result.output.notMeasured?.[phase] ?? `job ${job} reported no ${phase} phase`;
  return { missing: { status: 'not-measured', reason: why } };
}

function ratio(a: number | undefined, b: number | undefined): number | null {
  if (a === undefined || b === undefined || !(b > 0)) return null;
  return Math.round((a / b) * 100) / 100;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** The report as a fixed-width text table. */
export function renderTable(reports: Readonly<Record<string, ScenarioReport>>): string {
  const header = [
    'scenario',
    'side',
    'ops',
    'p50 ms',
    'p99 ms',
    'ops/s',
    'peak RSS MiB',
    'ratio p50/p99/thr',
  ];
  const rows: string[][] = [];
  for (const [id, r] of Object.entries(reports)) {
    if (r.status !== 'measured' || !r.sagaKit) {
      rows.push([id, r.status.toUpperCase(), '', '', '', '', '', r.reason ?? '']);
      continue;
    }
    const target = r.target
      ? ` target ${r.target.description}: ${r.target.met ? 'met' : 'NOT met'}`
      : '';
    const q = r.ratio;
    rows.push([
      id,
      'saga-kit',
      ...cells(r.sagaKit),
      q ? `${fmt(q.p50)} / ${fmt(q.p99)} / ${fmt(q.throughput)}` : target.trim(),
    ]);
    if (r.baseline) rows.push(['', r.baseline.name, ...cells(r.baseline), '']);
    else if (r.reason) rows.push(['', '(baseline)', '', '', '', '', '', r.reason]);
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (row: string[]): string =>
    row
      .map((cell, i) => (i >= 2 && i <= 6 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function cells(m: Measurement): string[] {
  return [
    String(m.operations),
    fmt(m.latency?.p50Ms ?? null),
    fmt(m.latency?.p99Ms ?? null),
    fmt(m.throughputPerSec),
    fmt(m.peakRssMiB),
  ];
}

function fmt(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '-';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
