import type { ExpectationOutcome, ScenarioResult, StepOutcome } from '../../engine/scenario-result.js';
import { formatDuration } from '../../model/duration.js';
import { problemOf, problemStep } from '../scenario-text.js';
import { renderTimeline } from '../timeline-text.js';
import { escapeHtml } from './html-escape.js';
import { nodeLanes } from './node-lanes.js';
import { CHART_FILLS, POD_LEGEND } from './palette.js';
import { podLanes } from './pod-lanes.js';
import { runMarks, type EventMark } from './run-marks.js';
import { timelineSvg } from './timeline-svg.js';

const VERDICT_WORDS: Readonly<Record<ScenarioResult['verdict'], string>> = {
  passed: '✓ passed', failed: '✗ failed', error: '✗ error', interrupted: '■ interrupted',
};

const STEP_ICONS: Readonly<Record<StepOutcome['status'], string>> = {
  passed: '✓', failed: '✗', error: '✗', skipped: '–', interrupted: '■',
};

/**
 * One scenario: its verdict banner, then (when it did not pass) the failed step and expectation, the
 * timeline chart, its steps, its events and the full text timeline, in that order, so what failed is
 * read before anything else.
 */
export function scenarioSection(result: ScenarioResult, id: string): string {
  const marks = runMarks(result);
  const lanes = podLanes(result.timeline, { end: marks.end });
  const nodes = nodeLanes(result, { end: marks.end });
  const meta = [result.file, formatDuration(result.durationMs), `namespace ${result.namespace}`].map(escapeHtml).join(' · ');
  return `<section class="scenario" id="${id}" aria-labelledby="${id}-name">`
    + `<header class="verdict-banner verdict-${result.verdict}">`
    + `<span class="verdict-word">${VERDICT_WORDS[result.verdict]}</span>`
    + `<h2 id="${id}-name">${escapeHtml(result.scenario)}</h2><span class="meta">${meta}</span></header>`
    + failureBlock(result)
    + `<figure class="timeline">${timelineSvg({ id: `${id}-chart`, scenario: result.scenario, lanes, nodes, marks })}`
    + `<figcaption>${legend()}${nodes.length > 0 ? nodeLegend() : ''}</figcaption></figure>`
    + stepsList(result)
    + eventsTable(marks.events, marks.start)
    + cleanupBlock(result)
    + `<details class="timeline-text"><summary>Full timeline (${result.timeline.length} entries)</summary>`
    + `<pre>${escapeHtml(renderTimeline(result.timeline, { start: marks.start }).join('\n'))}</pre></details>`
    + '</section>';
}

/** The failed step and expectation, right under the banner. */
function failureBlock(result: ScenarioResult): string {
  const problem = problemOf(result);
  if (!problem) return '';
  const failed = problemStep(result)?.expectations.filter((expectation) => !expectation.passed) ?? [];
  return '<div class="failure">'
    + `<p class="failure-message"><span class="failure-type">${escapeHtml(problem.type)}</span> ${escapeHtml(problem.message)}</p>`
    + failed.map(failedExpectation).join('')
    + '</div>';
}

function failedExpectation(expectation: ExpectationOutcome): string {
  return '<dl class="failed-expectation">'
    + `<dt>expected</dt><dd>${escapeHtml(expectation.description)}</dd>`
    + (expectation.reason ? `<dt>why it failed</dt><dd>${escapeHtml(expectation.reason)}</dd>` : '')
    + `<dt>observed</dt><dd>${escapeHtml(expectation.observed)}</dd>`
    + `<dt>judged</dt><dd>${escapeHtml(`${expectation.window}, decided after ${formatDuration(expectation.decidedAfterMs)}, at ${expectation.source}`)}</dd>`
    + '</dl>';
}

function stepsList(result: ScenarioResult): string {
  const items = result.steps.map((step) => {
    const took = step.durationMs === undefined ? '' : ` <span class="muted">${escapeHtml(formatDuration(step.durationMs))}</span>`;
    const what = step.action === 'fault' ? `fault ${step.fault ?? ''}` : step.action;
    const detail = step.error ?? step.summary;
    const expectations = step.expectations.map((expectation) => `<li class="expectation expectation-${expectation.passed ? 'passed' : 'failed'}">`
      + `${expectation.passed ? '✓' : '✗'} ${escapeHtml(expectation.description)}`
      + ` <span class="muted">${escapeHtml(`after ${formatDuration(expectation.decidedAfterMs)}: ${expectation.reason ? `${expectation.reason}; ` : ''}${expectation.observed}`)}</span></li>`);
    return `<li class="step step-${step.status}"><span class="step-icon" aria-label="${step.status}">${STEP_ICONS[step.status]}</span> `
      + `<strong>${step.index}. ${escapeHtml(step.name)}</strong> <span class="muted">(${escapeHtml(what.trim())})</span>${took}`
      + (detail ? `<div class="step-detail">${escapeHtml(detail)}</div>` : '')
      + (expectations.length > 0 ? `<ul>${expectations.join('')}</ul>` : '')
      + '</li>';
  });
  // Open where something failed; a passed scenario's steps are one click away.
  return `<details class="steps"${result.verdict === 'passed' ? '' : ' open'}><summary>Steps (${result.steps.length})</summary><ol>${items.join('')}</ol></details>`;
}

function eventsTable(events: readonly EventMark[], start: number): string {
  const rows = events.map((event) => `<tr class="event-${event.type === 'Warning' ? 'warning' : 'normal'}">`
    + `<td class="time">+${((event.at - start) / 1000).toFixed(2)}s</td><td>${escapeHtml(event.type)}</td><td>${escapeHtml(event.reason)}</td>`
    + `<td>${escapeHtml(event.object)}</td><td class="event-message">${escapeHtml(event.message)}</td></tr>`);
  return `<details class="events"><summary>Events (${events.length})</summary>`
    + (rows.length === 0 ? '<p class="muted">No events were observed.</p>'
      : `<table><thead><tr><th scope="col">time</th><th scope="col">type</th><th scope="col">reason</th><th scope="col">object</th><th scope="col">message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)
    + '</details>';
}

function cleanupBlock(result: ScenarioResult): string {
  if (result.cleanupProblems.length === 0) return '';
  return `<div class="failure"><p class="failure-message">Cleanup problems</p><ul>${result.cleanupProblems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul></div>`;
}

function legend(): string {
  return `<ul class="legend">${POD_LEGEND.map(({ swatch, label }) => `<li><span class="swatch swatch-${swatch}" aria-hidden="true"></span>${escapeHtml(label)}</li>`).join('')}</ul>`;
}

/** The node lanes' colours, shown only under charts that have node lanes. */
function nodeLegend(): string {
  const items: Array<[string, string]> = [
    [CHART_FILLS.nodeReady, 'node Ready True'], [CHART_FILLS.nodeUnknown, 'node Ready Unknown (control plane lost contact)'],
    [CHART_FILLS.nodeNotReady, 'node Ready False'], [CHART_FILLS.taintNoSchedule, 'taint NoSchedule'],
    [CHART_FILLS.taintNoExecute, 'taint NoExecute (evicts)'], [CHART_FILLS.cordoned, 'cordoned'],
    [CHART_FILLS.fault, '⚡ node fault (lost, drained); pod on that node'], [CHART_FILLS.revert, '↺ node fault reverted (back)'],
  ];
  return `<ul class="legend node-legend">${items.map(([colour, label]) => `<li><span class="swatch" style="background:${colour}" aria-hidden="true"></span>${escapeHtml(label)}</li>`).join('')}</ul>`;
}
