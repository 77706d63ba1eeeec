import type { Command, Output } from './command.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { ScenarioResult } from '../engine/scenario-result.js';
import { formatProblem, InvalidScenarioError } from '../loading/problems.js';
import type { Scenario } from '../model/scenario.js';
import { InvalidResultsError, readResultsFile } from '../replay/read-results.js';
import { replayScenario } from '../replay/replay-scenario.js';
import { replaySummary } from '../replay/replay-summary.js';

/**
 * `faultline replay RESULTS.json [SCENARIO.yaml ...]`: judges scenarios again over the timelines a JSON
 * results file recorded, without a cluster. Each scenario is matched to the recorded result of the same
 * name; with no scenario file given, the files the results name are read again.
 */
export function replayCommand(out: Output, err: Output): Command {
  return {
    name: 'replay',
    summary: 'judge scenarios again over the timelines of a JSON results file, without a cluster',
    usage: 'faultline replay RESULTS.json [SCENARIO.yaml ...]   (default: the scenario files the results name)',
    options: {},
    async run({ positionals }) {
      const [resultsFile, ...scenarioFiles] = positionals;
      if (resultsFile === undefined) throw new UsageError('expected a results file written by `faultline run --reporter json`');
      const pairs = await loadPairs(resultsFile, scenarioFiles, err);
      if (pairs === undefined) return EXIT.invalidInput;

      out(`replaying ${pairs.length} scenario(s) over ${resultsFile}; faults come from the recording and are not re-run`);
      let failed = 0;
      for (const { scenario, recorded } of pairs) {
        const replayed = await replayScenario(scenario, recorded);
        if (replayed.verdict !== 'passed') failed++;
        out('');
        replaySummary(replayed, recorded).forEach((line) => out(line));
      }
      out('');
      out(failed === 0 ? `${pairs.length} passing` : `${pairs.length - failed} passing, ${failed} failing`);
      return failed === 0 ? EXIT.passed : EXIT.failed;
    },
  };
}

interface Pair {
  readonly scenario: Scenario;
  readonly recorded: ScenarioResult;
}

/** Every scenario with its recorded result, or undefined once the problems are printed (nothing is replayed then). */
async function loadPairs(resultsFile: string, scenarioFiles: readonly string[], err: Output): Promise<Pair[] | undefined> {
  let results: readonly ScenarioResult[];
  try {
    ({ results } = await readResultsFile(resultsFile));
  } catch (error) {
    if (!(error instanceof InvalidResultsError)) throw error;
    err(`faultline replay: ${error.message}`);
    return undefined;
  }
  if (results.length === 0) {
    err(`faultline replay: ${resultsFile} holds no scenario results`);
    return undefined;
  }
  // Loaded on use, so that `faultline --help` starts at once.
  const { loadScenario } = await import('../loading/load-scenario.js');
  const files = scenarioFiles.length > 0 ? scenarioFiles : [...new Set(results.map((result) => result.file))];
  const pairs: Pair[] = [];
  let problems = 0;
  for (const file of files) {
    let scenario: Scenario;
    try {
      scenario = await loadScenario(file);
    } catch (error) {
      if (!(error instanceof InvalidScenarioError)) throw error;
      error.problems.forEach((problem) => err(formatProblem(problem)));
      problems += error.problems.length;
      continue;
    }
    const recorded = results.find((result) => result.scenario === scenario.name);
    if (recorded === undefined) {
      err(`faultline replay: ${file}: scenario "${scenario.name}" is not in ${resultsFile}, which holds: ${results.map((r) => `"${r.scenario}"`).join(', ')}`);
      problems++;
      continue;
    }
    pairs.push({ scenario, recorded });
  }
  if (problems > 0) {
    err(`\n${problems} problem(s); nothing was replayed.`);
    return undefined;
  }
  return pairs;
}
