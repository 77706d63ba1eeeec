import type { Command } from './command.js';
import { UsageError } from './exit-codes.js';
import { NODE_DRIVER_NAMES, type NodeDriverChoice, type NodeDriverName } from '../nodes/drivers/registry.js';

/** Environment variables that stand in for the options (for CI jobs). */
export const NODE_DRIVER_ENV = {
  driver: 'FAULTLINE_NODE_DRIVER',
  stop: 'FAULTLINE_NODE_STOP_COMMAND',
  start: 'FAULTLINE_NODE_START_COMMAND',
} as const;

/** The options of `faultline run` about faults that act on nodes. */
export const NODE_FAULT_OPTIONS: Command['options'] = {
  'allow-context': { type: 'string', multiple: true, description: 'allow node faults (nodeLoss, drainNode) on this context, beside kind-*, k3d-*, minikube and loopback API servers; repeat for several' },
  'skip-node-faults': { type: 'boolean', description: 'leave out the scenarios that stop or drain nodes (reported as skipped)' },
  'node-driver': { type: 'string', description: `how nodeLoss loses a node: ${NODE_DRIVER_NAMES.join(' or ')} (wins over the scenario's; default: the scenario's, else kind on kind-* contexts)` },
  'node-stop-command': { type: 'string', description: 'with --node-driver command: shell command that cuts a node off; {node} is its name' },
  'node-start-command': { type: 'string', description: 'with --node-driver command: shell command that brings it back' },
};

export interface NodeFaultOptions {
  readonly allowContexts: readonly string[];
  readonly skip: boolean;
  readonly driver?: NodeDriverChoice;
}

/** The node-fault options from the command line, then the environment; a usage error names what is wrong. */
export function nodeFaultOptionValues(values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): NodeFaultOptions {
  const text = (option: string, variable: string): string | undefined => {
    const value = values[option] ?? env[variable];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const name = text('node-driver', NODE_DRIVER_ENV.driver);
  const stop = text('node-stop-command', NODE_DRIVER_ENV.stop);
  const start = text('node-start-command', NODE_DRIVER_ENV.start);
  const base = { allowContexts: (values['allow-context'] as string[] | undefined) ?? [], skip: values['skip-node-faults'] === true };
  if (name === undefined) {
    if (stop !== undefined || start !== undefined) throw new UsageError('--node-stop-command and --node-start-command need --node-driver command');
    return base;
  }
  if (!NODE_DRIVER_NAMES.includes(name as NodeDriverName)) {
    throw new UsageError(`--node-driver: expected ${NODE_DRIVER_NAMES.join(' or ')}, got "${name}"`);
  }
  if (name === 'kind') {
    if (stop !== undefined || start !== undefined) throw new UsageError('--node-stop-command and --node-start-command go with --node-driver command, not kind');
    return { ...base, driver: { name: 'kind', settings: {} } };
  }
  if (stop === undefined || start === undefined) {
    throw new UsageError(`--node-driver command needs --node-stop-command and --node-start-command (or $${NODE_DRIVER_ENV.stop} and $${NODE_DRIVER_ENV.start}), e.g. --node-stop-command 'ssh {node} sudo systemctl stop k3s-agent'`);
  }
  for (const [option, command] of [['--node-stop-command', stop], ['--node-start-command', start]] as const) {
    if (!command.includes('{node}')) throw new UsageError(`${option} has no {node} placeholder: the command would act on the same machine whichever node the scenario picks`);
  }
  return { ...base, driver: { name: 'command', settings: { stop, start } } };
}
