/**
 * Suite wall time: the scenario library (node faults left out, as `npm start` does) run by the CLI on
 * the real cluster at concurrency 1 and at the default, each a fresh process, timed from spawn to exit.
 * Compared with the sum and the maximum of the scenarios' kubelet-imposed minimum times.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioResult } from '../framework/engine/scenario-result.js';
import { loadScenarios } from '../framework/loading/load-scenario.js';
import { usesNodeFaults } from '../framework/nodes/allowed-clusters.js';
import { DEFAULT_CONCURRENCY } from '../framework/cli/run-command.js';
import { minimumTime, type MinimumTime } from './support/minimum-time.js';

export interface SuiteRun {
  readonly concurrency: number;
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly results: readonly ScenarioResult[];
}

export interface SuiteMeasurement {
  readonly minimums: readonly MinimumTime[];
  readonly runs: readonly SuiteRun[];
}

export async function suiteWallTime(options: { readonly kubeconfig?: string; readonly context?: string; readonly log: (line: string) => void }): Promise<SuiteMeasurement> {
  const { scenarios } = await loadScenarios(['scenarios/']);
  const minimums = scenarios.filter((s) => !usesNodeFaults(s)).map(minimumTime);
  const runs: SuiteRun[] = [];
  for (const concurrency of [1, DEFAULT_CONCURRENCY]) {
    options.log(`running the library at concurrency ${concurrency}...`);
    runs.push(await runLibrary(concurrency, options));
    const run = runs.at(-1)!;
    options.log(`  ${(run.wallMs / 1000).toFixed(0)} s, exit code ${run.exitCode}, ${run.results.filter((r) => r.verdict === 'passed').length}/${run.results.length} passed`);
  }
  return { minimums, runs };
}

async function runLibrary(concurrency: number, options: { readonly kubeconfig?: string; readonly context?: string }): Promise<SuiteRun> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-suite-'));
  const json = join(dir, 'results.json');
  try {
    const args = [
      'bin/faultline.js', 'run', 'scenarios/', '--skip-node-faults', '--concurrency', String(concurrency), '--json', json, '--reporter', 'dot', '--quiet',
      ...(options.kubeconfig !== undefined ? ['--kubeconfig', options.kubeconfig] : []),
      ...(options.context !== undefined ? ['--context', options.context] : []),
    ];
    const began = performance.now();
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
    const wallMs = performance.now() - began;
    const document = JSON.parse(await readFile(json, 'utf8')) as { results: ScenarioResult[] };
    return { concurrency, wallMs, exitCode, results: document.results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** From run start to the end of the first step (namespace, watches, manifests, the workload becoming ready): what the cluster adds before the kubelet's clock matters. */
export function workloadStartMs(result: ScenarioResult): number | undefined {
  const first = result.steps[0];
  if (!first || first.startedAt === undefined || first.durationMs === undefined) return undefined;
  return first.startedAt + first.durationMs - result.startedAt;
}

/** Where a run's time went: namespace and manifests, the steps, and cleanup (until the namespace is gone). */
export interface Phases {
  readonly setupMs: number;
  readonly stepsMs: number;
  readonly cleanupMs: number;
}

export function phasesOf(result: ScenarioResult): Phases {
  const at = (marker: string): number | undefined => result.timeline.find((e) => e.type === 'marker' && e.marker === marker)?.at;
  const applied = at('manifests-applied') ?? result.startedAt;
  const cleanup = at('cleanup-start') ?? applied;
  const end = at('run-end') ?? result.startedAt + result.durationMs;
  return { setupMs: applied - result.startedAt, stepsMs: cleanup - applied, cleanupMs: end - cleanup };
}

export function sumPhases(results: readonly ScenarioResult[]): Phases {
  return results.map(phasesOf).reduce((a, b) => ({ setupMs: a.setupMs + b.setupMs, stepsMs: a.stepsMs + b.stepsMs, cleanupMs: a.cleanupMs + b.cleanupMs }), { setupMs: 0, stepsMs: 0, cleanupMs: 0 });
}
