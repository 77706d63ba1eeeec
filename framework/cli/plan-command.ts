import type { Command, Output } from './command.js';
import { EXIT, UsageError } from './exit-codes.js';
import { formatProblem } from '../loading/problems.js';
import { planText } from '../timing/plan-text.js';

/**
 * `faultline plan FILE...`: prints each scenario's expected timeline without touching any cluster: per step
 * what is expected and when the kubelet's timing rules say it can happen, the window that judges it (as
 * written, or the default Faultline chose), and the assumptions behind the times. Problems are printed
 * as validate prints them; a window that can never be met is printed with the plan that shows why.
 */
export function planCommand(out: Output, err: Output): Command {
  return {
    name: 'plan',
    summary: "print a scenario's expected timeline by the kubelet's timing rules, without a cluster",
    usage: 'faultline plan FILE [FILE ...]',
    options: {},
    async run({ positionals }) {
      if (positionals.length === 0) throw new UsageError('expected a scenario file');
      // Loaded on use, so that `faultline --help` starts at once.
      const { loadScenarioPlan } = await import('../loading/load-scenario.js');
      let problemCount = 0;
      for (const [index, file] of positionals.entries()) {
        const { plan, problems } = await loadScenarioPlan(file);
        if (plan) out(`${index > 0 ? '\n' : ''}${planText(plan)}`);
        problems.forEach((problem) => err(formatProblem(problem)));
        problemCount += problems.length;
      }
      if (problemCount > 0) {
        err(`\n${problemCount} problem(s); nothing was sent to any cluster.`);
        return EXIT.invalidInput;
      }
      return EXIT.passed;
    },
  };
}
