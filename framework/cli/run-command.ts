import type { Command, Output } from './command.js';
import { CLUSTER_OPTIONS, clusterOptionValues } from './cluster-options.js';
import { NODE_FAULT_OPTIONS, nodeFaultOptionValues } from './node-fault-options.js';
import { EXIT, UsageError } from './exit-codes.js';
import { InterruptGuard } from './interrupts.js';
import { formatProblem } from '../loading/problems.js';
import { systemClock } from '../engine/clock.js';
import { LiveProgress } from './live-progress.js';
import { SWEEP_AT_START_OPTION, sweepAtStart, sweepAtStartAge } from './sweep-command.js';

/**
 * Scenarios are light (a pod or a few each) and mostly wait on the kubelet's timers, so many can run
 * at once: on k8s-local (2 nodes, 2 CPUs) the 31-scenario library takes 726 s at 1 and 73 s at 16,
 * 1.05x its slowest scenario (the longest start first). 16 keeps a shared cluster's load modest.
 */
export const DEFAULT_CONCURRENCY = 16;

/** `faultline run [paths...]`: runs scenarios as mocha tests against a cluster. */
export function runCommand(err: Output): Command {
  return {
    name: 'run',
    summary: 'run scenarios against the cluster of the current (or given) kubeconfig context',
    usage: 'faultline run [FILE|DIR ...] [--reporter spec] [--junit FILE] [--json FILE] [--html FILE] [--concurrency 16] [--context NAME] [--grep TEXT]',
    options: {
      ...CLUSTER_OPTIONS,
      ...NODE_FAULT_OPTIONS,
      reporter: { type: 'string', multiple: true, description: 'spec (default), junit, json, or any mocha reporter; repeat for several' },
      output: { type: 'string', description: 'file the junit, json or html reporter writes (default faultline-junit.xml / faultline-results.json / faultline-report.html)' },
      junit: { type: 'string', description: 'also write a JUnit XML report to this file (beside the console reporter)' },
      'junit-steps': { type: 'boolean', description: 'the JUnit report has a test case per step of each scenario, not one per scenario' },
      'junit-schema': { type: 'string', description: 'jenkins (default) or ant: the JUnit report also valid against the Ant JUnit schema (no skipped test cases, output per suite)' },
      json: { type: 'string', description: 'also write JSON results to this file, replayable with `faultline replay`' },
      html: { type: 'string', description: 'also write a self-contained HTML report with each scenario\'s timeline chart to this file' },
      grep: { type: 'string', description: 'only scenarios whose name contains this text' },
      quiet: { type: 'boolean', description: 'no progress lines on stderr, only the reporters\' output' },
      concurrency: { type: 'string', description: `how many scenarios run at once, each in its own namespace (default ${DEFAULT_CONCURRENCY})` },
      'sweep-older-than': SWEEP_AT_START_OPTION,
    },
    async run({ values, positionals }) {
      const paths = positionals.length > 0 ? positionals : ['scenarios/'];
      // Loaded on use, so that `faultline --help` starts at once (client-node and mocha are slow to import).
      const [{ default: Mocha }, { checkNodeFaults }, { resolveReporters }, { checkReachable, loadKubeConfig }, { KubeCluster }, { loadScenarios }, { addScenarioSuites }] = await Promise.all([
        import('mocha'), import('./node-fault-guard.js'), import('./reporters.js'), import('../cluster/connect.js'),
        import('../cluster/kube-cluster.js'), import('../loading/load-scenario.js'), import('../mocha/scenario-suite.js'),
      ]);
      const { scenarios, problems } = await loadScenarios(paths);
      if (problems.length > 0) {
        problems.forEach((problem) => err(formatProblem(problem)));
        err(`\n${problems.length} problem(s): nothing was run and nothing was sent to the cluster.`);
        return EXIT.invalidInput;
      }
      const grep = typeof values['grep'] === 'string' ? values['grep'] : undefined;
      const selected = grep === undefined ? scenarios : scenarios.filter((s) => s.name.includes(grep));
      if (selected.length === 0) throw new UsageError(`no scenario to run in ${paths.join(', ')}${grep ? ` matching "${grep}"` : ''}`);
      const concurrency = Number(values['concurrency'] ?? DEFAULT_CONCURRENCY);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency: expected a whole number of at least 1, got "${String(values['concurrency'])}"`);
      const sweepAge = sweepAtStartAge(values['sweep-older-than']);
      const reporter = await resolveReporters(values['reporter'] as string[] | undefined, values['output'] as string | undefined, {
        ...(typeof values['junit'] === 'string' && { junit: values['junit'] }),
        ...(typeof values['json'] === 'string' && { json: values['json'] }),
        ...(typeof values['html'] === 'string' && { html: values['html'] }),
      }, {
        ...(values['junit-steps'] === true && { steps: true }),
        ...(typeof values['junit-schema'] === 'string' && { schema: values['junit-schema'] }),
      });

      const connect = clusterOptionValues(values);
      const kubeConfig = loadKubeConfig(connect);
      // Decided from the kubeconfig alone: a refused run sends nothing to the cluster.
      const nodeFaults = checkNodeFaults(selected, kubeConfig, nodeFaultOptionValues(values));
      if ('refusal' in nodeFaults) {
        err(nodeFaults.refusal);
        return EXIT.invalidInput;
      }
      nodeFaults.notes.forEach((note) => err(note));
      const kubernetesVersion = await checkReachable(kubeConfig, connect);
      const cluster = new KubeCluster({ kubeConfig });
      if (sweepAge !== undefined) await sweepAtStart(cluster, sweepAge, err);
      const guard = new InterruptGuard(err);
      guard.install();
      // On a terminal, one status line is rewritten in place; in CI logs, a line at most every 30 s per waiting step.
      const progress = values['quiet'] === true ? undefined
        : new LiveProgress({ lines: err, clock: systemClock, ...(process.stderr.isTTY && { terminal: process.stderr }) });
      const restoreStdout = progress && process.stdout.isTTY ? progress.interleave(process.stdout) : undefined;
      try {
        const mocha = new Mocha({ ...reporter, timeout: 0 });
        addScenarioSuites(mocha.suite, selected, {
          cluster, kubernetesVersion, concurrency, signal: guard.signal, onCleanup: (cleanup) => guard.track(cleanup),
          skip: nodeFaults.skip,
          ...(nodeFaults.allowed && { nodes: cluster }),
          ...(nodeFaults.driver !== undefined && { nodeDriver: nodeFaults.driver }),
          ...(progress && { log: (line: string) => progress.line(`  ${line}`), progress }),
        });
        const failures = await new Promise<number>((resolve) => mocha.run(resolve));
        // Mocha leaves its uncaughtException and unhandledRejection handlers on the process until disposed:
        // a program that runs Faultline more than once (its own tests do) would collect them.
        mocha.dispose();
        if (guard.signal.aborted) return EXIT.interrupted;
        return failures > 0 ? EXIT.failed : EXIT.passed;
      } finally {
        progress?.stop();
        restoreStdout?.();
        guard.uninstall();
      }
    },
  };
}
