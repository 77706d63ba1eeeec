import type { ScenarioResult, Verdict } from '../../engine/scenario-result.js';
import { formatDuration } from '../../model/duration.js';
import { problemOf } from '../scenario-text.js';
import { escapeHtml } from './html-escape.js';
import { reportStyles } from './report-styles.js';
import { scenarioSection } from './scenario-section.js';

export interface HtmlReportOptions {
  /** When the run began. */
  readonly startedAt: Date;
}

/** Scenarios that did not pass come first, so the first screen shows what failed. */
const VERDICT_ORDER: readonly Verdict[] = ['failed', 'error', 'interrupted', 'passed'];

/**
 * The HTML report of a run: one self-contained page (inline CSS and SVG, no script, nothing fetched)
 * with totals, a summary table, and a section per scenario, failures first.
 *
 * @example
 * await writeFile('report.html', htmlReport(results, { startedAt: new Date() }));
 */
export function htmlReport(results: readonly ScenarioResult[], options: HtmlReportOptions): string {
  const ordered = results.map((result, index) => ({ result, id: `scenario-${index + 1}` }))
    .sort((a, b) => VERDICT_ORDER.indexOf(a.result.verdict) - VERDICT_ORDER.indexOf(b.result.verdict));
  const totals = totalsText(results);
  const first = results[0];
  const context = first
    ? [`context ${first.context}`, first.kubernetesVersion && `Kubernetes ${first.kubernetesVersion}`, `run ${first.runId}`].filter(Boolean).join(' · ')
    : 'no scenario ran';
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<title>${escapeHtml(`Faultline report: ${totals}`)}</title>`
    + `<style>${reportStyles()}</style></head><body><main>`
    + `<h1>Faultline report: ${escapeHtml(totals)}</h1>`
    + `<p class="run-meta">${escapeHtml(`${options.startedAt.toISOString()} · ${context}`)}</p>`
    + summaryTable(ordered)
    + ordered.map(({ result, id }) => scenarioSection(result, id)).join('\n')
    + '</main></body></html>\n';
}

function totalsText(results: readonly ScenarioResult[]): string {
  if (results.length === 0) return 'no scenarios';
  const counts = VERDICT_ORDER.map((verdict) => [verdict, results.filter((result) => result.verdict === verdict).length] as const)
    .filter(([, count]) => count > 0);
  return counts.map(([verdict, count]) => `${count} ${verdict}`).join(', ');
}

function summaryTable(ordered: ReadonlyArray<{ result: ScenarioResult; id: string }>): string {
  if (ordered.length === 0) return '<p>No scenario results were recorded.</p>';
  const rows = ordered.map(({ result, id }) => {
    const why = problemOf(result)?.message ?? '';
    return `<tr><td><span class="pill verdict-${result.verdict}">${result.verdict}</span></td>`
      + `<td><a href="#${id}">${escapeHtml(result.scenario)}</a></td><td class="muted">${escapeHtml(formatDuration(result.durationMs))}</td>`
      + `<td>${escapeHtml(why)}</td></tr>`;
  });
  return `<table class="summary"><caption class="muted" style="text-align:left">Scenarios, failures first</caption>`
    + `<thead><tr><th scope="col">verdict</th><th scope="col">scenario</th><th scope="col">took</th><th scope="col">why</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>`;
}
