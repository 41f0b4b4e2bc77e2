import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliContext } from '../cli-context';
import { collect } from '../cli-context';
import { CliUsageError } from '../cli-io';
import { isTopologySource, renderTopologyMermaid, topologyOf, type Topology } from './topology';

/** Options of `saga-kit topology`. */
export interface TopologyOptions {
  /** Comma-separated module paths. */
  definitions?: string;
  file?: string;
  format: 'mermaid' | 'json';
}

/** Prints the topology of the definitions in `--definitions` modules, or of a `--file`. */
export function topology(ctx: CliContext, options: TopologyOptions): Promise<void> {
  if (!options.definitions === !options.file) {
    throw new CliUsageError('give --definitions <module...> or --file <topology.json>');
  }
  let model: Topology;
  if (options.file) {
    try {
      model = JSON.parse(readFileSync(resolve(ctx.io.cwd, options.file), 'utf8')) as Topology;
    } catch (error) {
      throw new CliUsageError(
        `cannot read ${options.file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!Array.isArray(model?.aggregates) || !Array.isArray(model.sagas)) {
      throw new CliUsageError(`${options.file} is not a topology (aggregates and sagas arrays)`);
    }
  } else {
    const sources = options
      .definitions!.split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .flatMap((path) => collect(ctx.load(path), (v): v is unknown => isTopologySource(v), 4));
    if (sources.length === 0)
      throw new CliUsageError('no aggregate or saga found in the --definitions modules');
    model = topologyOf(sources);
  }
  ctx.io.out(
    options.format === 'json' ? JSON.stringify(model, null, 2) : renderTopologyMermaid(model),
  );
  return Promise.resolve();
}
