import type { NodeDriver } from './node-driver.js';
import { outputTail, runProcess } from '../run-process.js';

export interface KindDriverSettings {
  /**
   * `stop` (default) stops the node's container, as a machine that powers off: its containers die
   * with it. `pause` freezes it, as a machine that hangs: its containers come back as they were.
   */
  mode?: 'stop' | 'pause';
  /** The docker CLI to use; default `docker` on PATH (or $FAULTLINE_DOCKER). */
  docker?: string;
}

const VERBS = { stop: ['stop', 'start'], pause: ['pause', 'unpause'] } as const;

/**
 * kind runs each node as a docker container named like the node (`kind-worker`): losing the node is
 * stopping (or pausing) that container, and bringing it back is starting (or unpausing) it.
 */
export const kindDriver: NodeDriver<KindDriverSettings> = {
  name: 'kind',
  schema: {
    type: 'object',
    description: 'kind: the node is a docker container; stop/start (default) or pause/unpause it with the docker CLI.',
    properties: {
      mode: { enum: ['stop', 'pause'], description: 'stop (the machine powers off) or pause (the machine hangs). Default: stop.' },
      docker: { type: 'string', minLength: 1, description: 'The docker executable. Default: $FAULTLINE_DOCKER, else docker on PATH.' },
    },
  },
  describeStop: (settings, node) => `${dockerOf(settings)} ${VERBS[settings.mode ?? 'stop'][0]} ${node}`,
  describeStart: (settings, node) => `${dockerOf(settings)} ${VERBS[settings.mode ?? 'stop'][1]} ${node}`,
  stop: (settings, node, context) => docker(settings, VERBS[settings.mode ?? 'stop'][0], node, context),
  start: (settings, node, context) => docker(settings, VERBS[settings.mode ?? 'stop'][1], node, context),
};

function dockerOf(settings: KindDriverSettings): string {
  return settings.docker ?? process.env['FAULTLINE_DOCKER'] ?? 'docker';
}

async function docker(settings: KindDriverSettings, verb: string, node: string, context: { signal: AbortSignal; timeoutMs: number }): Promise<string> {
  const file = dockerOf(settings);
  const result = await runProcess(file, [verb, node], { signal: context.signal, timeoutMs: context.timeoutMs });
  if (result.exitCode !== 0) {
    throw new Error(`\`${file} ${verb} ${node}\` exited with ${result.exitCode}: ${outputTail(result)} (is ${node} a kind node container? \`docker ps\` lists them)`);
  }
  return `${file} ${verb} ${node}: done`;
}
