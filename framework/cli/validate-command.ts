import type { Command, Output } from './command.js';
import { EXIT } from './exit-codes.js';
import { formatProblem } from '../loading/problems.js';

/** `faultline validate [paths...]`: checks scenario files without touching any cluster. */
export function validateCommand(out: Output, err: Output): Command {
  return {
    name: 'validate',
    summary: 'check scenario files (schema, selectors, durations, manifests) without a cluster',
    usage: 'faultline validate [FILE|DIR ...]   (default: scenarios/)',
    options: {},
    async run({ positionals }) {
      const paths = positionals.length > 0 ? positionals : ['scenarios/'];
      const { loadScenarios } = await import('../loading/load-scenario.js');
      const { scenarios, problems } = await loadScenarios(paths);
      problems.forEach((problem) => err(formatProblem(problem)));
      if (problems.length > 0) {
        err(`\n${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} file(s); nothing was sent to any cluster.`);
        return EXIT.invalidInput;
      }
      out(`${scenarios.length} scenario(s) valid: ${scenarios.map((s) => s.name).join(', ')}`);
      return EXIT.passed;
    },
  };
}
