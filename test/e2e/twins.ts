import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dump, load } from 'js-yaml';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import type { Scenario } from '../../framework/model/scenario.js';
import type { ResultsDocument } from '../../framework/replay/results-format.js';
import { replayScenario } from '../../framework/replay/replay-scenario.js';

/** A negative twin: a scenario with one step's expectations replaced by a wrong belief (see twins.yaml). */
export interface Twin {
  readonly scenario: string;
  readonly step: number;
  readonly belief: string;
  readonly expect: Record<string, unknown>;
  readonly caughtBy: string;
}

export async function loadTwins(file: string): Promise<Twin[]> {
  return load(await readFile(file, 'utf8')) as Twin[];
}

/**
 * The twin as a Scenario: the original file with the twin's expectations in place of the step's,
 * loaded (and so validated) by the real loader from a hidden file beside the original, so that
 * its manifest paths resolve as the original's do.
 */
export async function twinScenario(original: Scenario, twin: Twin): Promise<Scenario> {
  const document = load(await readFile(original.file, 'utf8')) as { spec: { steps: Array<Record<string, unknown>> } };
  const step = document.spec.steps[twin.step - 1];
  if (!step || !('expect' in step || 'waitFor' in step)) {
    throw new Error(`twin of ${twin.scenario}: step ${twin.step} is not an expect or waitFor step`);
  }
  delete step['waitFor'];
  step['expect'] = twin.expect;
  const file = join(dirname(original.file), `.twin-${basename(original.file)}`);
  await writeFile(file, dump(document));
  try {
    return await loadScenario(file);
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Replays each twin on its scenario's recording and returns the twins that went wrong: did not fail,
 * failed through another expectation than `caughtBy`, only because no pod existed yet, or could not be
 * decided because the recording ended. Prints each twin's verdict.
 */
export async function wrongTwins(twins: readonly Twin[], scenarios: readonly Scenario[], recorded: ResultsDocument): Promise<string[]> {
  const wrong: string[] = [];
  for (const twin of twins) {
    const original = scenarios.find((s) => s.name === twin.scenario)!;
    const recording = recorded.results.find((r) => r.scenario === twin.scenario)!;
    const replayed = await replayScenario(await twinScenario(original, twin), recording);
    const failed = replayed.steps.flatMap((step) => step.expectations).find((e) => !e.passed);
    const verdict = `${twin.scenario} (${twin.belief}): ${replayed.verdict}${failed ? ` by ${failed.kind}: ${failed.reason}` : ''}`;
    console.log(`      twin ${verdict}`);
    const decidedByAbsence = /no pod (matches|is named)/.test(failed?.observed ?? '');
    if (replayed.verdict !== 'failed' || failed?.kind !== twin.caughtBy || /recording ends/.test(failed.reason ?? '') || decidedByAbsence) wrong.push(verdict);
  }
  return wrong;
}
