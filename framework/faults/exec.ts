import type { FaultPlugin } from './fault.js';
import { FaultNotEffectiveError } from './fault.js';
import { pickPods } from './pick-pods.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';

export interface ExecSpec {
  target: TargetSpec;
  /** argv, or a string run with `sh -c`. */
  command: string[] | string;
  /** The exit code that counts as success (default 0), or "any". */
  expectExitCode?: number | 'any';
}

/** Runs any command in a container through the API server's exec (websocket), and checks its exit code. */
export const exec: FaultPlugin<ExecSpec, 'exec'> = {
  kind: 'exec',
  schema: {
    type: 'object',
    description: 'Run a command in a container (kubectl exec) and check its exit code.',
    required: ['target', 'command'],
    properties: {
      target: TARGET_SCHEMA,
      command: {
        description: 'The command: a list of arguments, or a string run with sh -c.',
        oneOf: [{ type: 'array', items: { type: 'string' }, minItems: 1 }, { type: 'string', minLength: 1 }],
      },
      expectExitCode: { oneOf: [{ type: 'integer', minimum: 0, maximum: 255 }, { const: 'any' }], description: 'Exit code that counts as success (default 0), or "any".' },
    },
  },
  describe: (spec) => `exec ${JSON.stringify(argv(spec))} in ${resolveTarget(spec.target).text}`,
  validate: (spec) => targetProblems(spec.target),
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    const wanted = spec.expectExitCode ?? 0;
    const lines: string[] = [];
    for (const picked of pods) {
      const result = await context.cluster.exec({
        namespace: context.namespace, pod: picked.name, container: picked.container, command: argv(spec), signal: context.signal,
      });
      if (wanted !== 'any' && result.exitCode !== wanted) {
        throw new FaultNotEffectiveError(
          `exec ${JSON.stringify(argv(spec))} in ${picked.name}/${picked.container} exited with code ${result.exitCode}, expected ${wanted}`
          + (result.stderr.trim() ? `; stderr: ${result.stderr.trim()}` : ''),
        );
      }
      const output = result.stdout.trim();
      lines.push(`${picked.name}/${picked.container}: exit ${result.exitCode}${output ? `, stdout: ${truncate(output)}` : ''}`);
    }
    return { summary: `ran ${JSON.stringify(argv(spec))}: ${lines.join('; ')}`, pods: pods.map((p) => p.name) };
  },
};

function argv(spec: ExecSpec): string[] {
  return typeof spec.command === 'string' ? ['sh', '-c', spec.command] : spec.command;
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
