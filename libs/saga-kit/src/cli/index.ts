export { buildProgram, runCli } from './program';
export { processIo, CliUsageError, type CliIo } from './cli-io';
export { renderTopologyMermaid, topologyOf, type Topology } from './commands/topology';
