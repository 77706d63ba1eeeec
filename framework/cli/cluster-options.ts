import type { Command } from './command.js';

/** --context and --kubeconfig, shared by the commands that talk to a cluster. */
export const CLUSTER_OPTIONS: Command['options'] = {
  context: { type: 'string', description: 'kubeconfig context to use (default: the current context)' },
  kubeconfig: { type: 'string', description: 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' },
};

export function clusterOptionValues(values: Record<string, unknown>): { context?: string; kubeconfig?: string } {
  return {
    ...(typeof values['context'] === 'string' && { context: values['context'] }),
    ...(typeof values['kubeconfig'] === 'string' && { kubeconfig: values['kubeconfig'] }),
  };
}
