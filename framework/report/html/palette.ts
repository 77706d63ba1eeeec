import type { Verdict } from '../../engine/scenario-result.js';

/** A text colour on a background colour, both `#rrggbb`. */
export interface ColourPair {
  readonly text: string;
  readonly background: string;
}

/**
 * The verdict banners' colours. White text on each background has a contrast ratio of at least 4.5:1
 * (WCAG 2 AA for normal text); test/reporters/html-accessibility.test.ts computes it.
 */
export const VERDICT_COLOURS: { readonly [V in Verdict]: ColourPair } = {
  passed: { text: '#ffffff', background: '#1a7f37' },
  failed: { text: '#ffffff', background: '#b42318' },
  error: { text: '#ffffff', background: '#8a4b00' },
  interrupted: { text: '#ffffff', background: '#4b5563' },
};

/** Fills of the timeline chart's segments and marks. Labels drawn on them use CHART_INK. */
export const CHART_FILLS = {
  pending: '#e5e7eb',
  waiting: '#f6c66b',
  running: '#9bd8a8',
  terminatedOk: '#cfd6de',
  terminatedError: '#f4a3a3',
  terminating: '#c9b8f5',
  ready: '#4fb06d',
  notReady: '#f4a3a3',
  endpointsIn: '#7db7f0',
  endpointsOut: '#f4a3a3',
  warningEvent: '#c26a00',
  normalEvent: '#6b7280',
  fault: '#b5179e',
  restart: '#b42318',
  windowPassed: '#1a7f37',
  windowFailed: '#b42318',
  cleanup: '#9ca3af',
  nodeReady: '#4fb06d',
  nodeUnknown: '#f0a04b',
  nodeNotReady: '#f4a3a3',
  taintNoSchedule: '#b6e3e9',
  taintNoExecute: '#6cc4d1',
  cordoned: '#a8b3bf',
  /** A node fault's revert ("back"): also drawn as text on the white page. */
  revert: '#1a7f37',
} as const;

/** Text drawn on the chart's fills and on the page's white background. */
export const CHART_INK = '#1f2328';
/** Secondary text (times, labels) on the white page. */
export const MUTED_INK = '#57606a';
export const PAGE_BACKGROUND = '#ffffff';

/** The pod chart's legend: each swatch's class name (`.swatch-<name>`), its fill, and what it means. */
export const POD_LEGEND: ReadonlyArray<{ readonly swatch: string; readonly fill: string; readonly label: string }> = [
  { swatch: 'running', fill: CHART_FILLS.running, label: 'Running' },
  { swatch: 'waiting', fill: CHART_FILLS.waiting, label: 'Waiting' },
  { swatch: 'terminated-error', fill: CHART_FILLS.terminatedError, label: 'Terminated (exit ≠ 0)' },
  { swatch: 'terminating', fill: CHART_FILLS.terminating, label: 'Terminating' },
  { swatch: 'ready', fill: CHART_FILLS.ready, label: 'Ready' },
  { swatch: 'not-ready', fill: CHART_FILLS.notReady, label: 'NotReady / out of endpoints' },
  { swatch: 'endpoints-in', fill: CHART_FILLS.endpointsIn, label: 'in endpoints' },
  { swatch: 'restart', fill: CHART_FILLS.restart, label: 'restart (new restartCount)' },
  { swatch: 'fault', fill: CHART_FILLS.fault, label: '⚡ fault injected' },
  { swatch: 'window-passed', fill: CHART_FILLS.windowPassed, label: 'expectation window, met' },
  { swatch: 'window-failed', fill: CHART_FILLS.windowFailed, label: 'expectation window, failed' },
  { swatch: 'event', fill: CHART_FILLS.warningEvent, label: 'event (hover for text)' },
];
