import type { NodeDriver } from './node-driver.js';
import { outputTail, runProcess } from '../run-process.js';

export interface CommandDriverSettings {
  /** Shell command that cuts the node off; `{node}` becomes the node's name (shell-quoted). */
  stop: string;
  /** Shell command that brings it back. */
  start: string;
}

export const NODE_PLACEHOLDER = '{node}';

/**
 * User-supplied commands, for k3s (`ssh {node} sudo systemctl stop k3s-agent`), bare metal, or
 * k8s-local (`k8s-local/node-stop {node}`). Each runs through `/bin/sh -c` and must exit 0.
 */
export const commandDriver: NodeDriver<CommandDriverSettings> = {
  name: 'command',
  schema: {
    type: 'object',
    description: 'command: shell commands that stop and start a node; {node} is replaced by the node name.',
    required: ['stop', 'start'],
    properties: {
      stop: { type: 'string', minLength: 1, description: 'Cuts the node off, e.g. "ssh {node} sudo systemctl stop k3s-agent".' },
      start: { type: 'string', minLength: 1, description: 'Brings it back, e.g. "ssh {node} sudo systemctl start k3s-agent".' },
    },
  },
  describeStop: (settings, node) => fill(settings.stop, node),
  describeStart: (settings, node) => fill(settings.start, node),
  stop: (settings, node, context) => shell(fill(settings.stop, node), context),
  start: (settings, node, context) => shell(fill(settings.start, node), context),
  validate: (settings) => (['stop', 'start'] as const)
    .filter((which) => typeof settings[which] === 'string' && !settings[which].includes(NODE_PLACEHOLDER))
    .map((which) => ({ path: which, message: `has no ${NODE_PLACEHOLDER} placeholder: the command would act on the same machine whichever node the scenario picks` })),
};

/** Replaces every `{node}` with the node's name, quoted for the shell. */
export function fill(template: string, node: string): string {
  return template.split(NODE_PLACEHOLDER).join(shellQuote(node));
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9._-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

async function shell(command: string, context: { signal: AbortSignal; timeoutMs: number }): Promise<string> {
  const result = await runProcess('/bin/sh', ['-c', command], { signal: context.signal, timeoutMs: context.timeoutMs });
  if (result.exitCode !== 0) throw new Error(`\`${command}\` exited with ${result.exitCode}: ${outputTail(result)}`);
  return `\`${command}\`: exit 0`;
}
