import { readFileSync } from 'node:fs';
import type { ScenarioResult } from '../../framework/engine/scenario-result.js';
import type { ResultsDocument } from '../../framework/replay/results-format.js';

/**
 * Results recorded on the local cluster (test/fixtures/results/probes-run.json): P1 http-liveness-rename
 * and P2 http-readiness-rename, which pass, and liveness-and-readiness-wrong-belief, which fails.
 */
export const RECORDED: ResultsDocument = JSON.parse(readFileSync(new URL('../../../test/fixtures/results/probes-run.json', import.meta.url), 'utf8'));

export function recorded(scenario: string): ScenarioResult {
  const result = RECORDED.results.find((candidate) => candidate.scenario === scenario);
  if (!result) throw new Error(`no result for ${scenario} in the recorded fixture`);
  return result;
}

/** The part of the page that belongs to one scenario's section. */
export function sectionOf(html: string, scenario: string): string {
  const sections = html.split('<section ').slice(1);
  const section = sections.find((candidate) => candidate.includes(`>${scenario}</h2>`));
  if (!section) throw new Error(`no section for ${scenario}`);
  return section;
}

export function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length;
}
