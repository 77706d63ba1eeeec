import { escapeHtml } from './html-escape.js';
import type { NodeLane, NodeMark, NodeReadyState } from './node-lanes.js';
import { CHART_FILLS, CHART_INK, MUTED_INK } from './palette.js';
import type { ContainerPhase, MembershipSegment, PodLane, Segment } from './pod-lanes.js';
import type { RunMarks } from './run-marks.js';

export interface TimelineChart {
  /** Unique in the page: ids of the SVG's title and description derive from it. */
  readonly id: string;
  readonly scenario: string;
  readonly lanes: readonly PodLane[];
  /** The nodes node faults acted on; none in a run without node faults. */
  readonly nodes: readonly NodeLane[];
  readonly marks: RunMarks;
}

const WIDTH = 1100;
const LABEL_WIDTH = 210;
const RIGHT_PAD = 24;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - RIGHT_PAD;
const AXIS_HEIGHT = 28;
const ROW = { step: 20, events: 20, window: 15, podHeader: 20, container: 20, ready: 14, endpoints: 14 } as const;
/** Average width of a 10px sans-serif character, to decide whether a label fits its segment. */
const CHAR_WIDTH = 5.8;
/** The same, bold. */
const BOLD_CHAR_WIDTH = 6.5;
const CLEANUP_SHOWN_MS = 1500;
const TICK_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

const PHASE_FILLS: { readonly [P in ContainerPhase]: string } = {
  pending: CHART_FILLS.pending,
  waiting: CHART_FILLS.waiting,
  running: CHART_FILLS.running,
  'terminated-ok': CHART_FILLS.terminatedOk,
  'terminated-error': CHART_FILLS.terminatedError,
  terminating: CHART_FILLS.terminating,
};

const NODE_READY_FILLS: { readonly [S in NodeReadyState]: string } = {
  True: CHART_FILLS.nodeReady,
  Unknown: CHART_FILLS.nodeUnknown,
  False: CHART_FILLS.nodeNotReady,
};

/** The taint effects that evict (NoExecute) stand out from those that only keep new pods away. */
const TAINT_FILLS: Readonly<Record<string, string>> = { NoExecute: CHART_FILLS.taintNoExecute };

/**
 * The timeline chart of one scenario as inline SVG: a time axis from the run's start, a row of steps,
 * the events, one row per expectation window, and one lane per pod (each container's state, Ready,
 * and membership in each Service's endpoints), with restarts and fault injections marked across.
 * Above the pods, one lane per node a node fault acted on: its Ready condition, taints and cordon over
 * time, and when the fault acted on it and when it was reverted. Each pod's label names its node.
 * Every mark carries a `<title>` (the browser's tooltip, and what screen readers announce).
 */
export function timelineSvg(chart: TimelineChart): string {
  const { marks } = chart;
  // Cleanup (ending pods, deleting the namespace) can take longer than the scenario: show its start only.
  const end = marks.cleanupAt === undefined ? marks.end : Math.min(marks.end, marks.cleanupAt + CLEANUP_SHOWN_MS);
  const span = Math.max(1000, end - marks.start);
  const x = (at: number): number => LABEL_WIDTH + (Math.min(Math.max(at, marks.start), marks.start + span) - marks.start) / span * PLOT_WIDTH;
  const relative = (at: number): string => `+${((at - marks.start) / 1000).toFixed(2)}s`;
  const body: string[] = [];
  let y = AXIS_HEIGHT;

  // Steps.
  body.push(rowLabel(y, ROW.step, 'steps'));
  for (const step of marks.steps) {
    const x1 = x(step.from);
    const width = Math.max(2, x(step.to) - x1);
    const fill = step.action === 'fault' ? '#f3d9ef' : step.index % 2 === 0 ? '#eef1f4' : '#e2e7ec';
    body.push(`<g class="step-span" data-step="${step.index}"><title>${escapeHtml(`step ${step.index} ${step.action} "${step.name}": ${step.status}, ${relative(step.from)} to ${relative(step.to)}`)}</title>`
      + `${rect(x1, y + 2, width, ROW.step - 4, fill)}${fits(String(step.index), width) ? text(x1 + 3, y + ROW.step - 6, String(step.index)) : ''}</g>`);
  }
  y += ROW.step;

  // Events.
  body.push(rowLabel(y, ROW.events, `events (${marks.events.length})`));
  for (const event of marks.events) {
    const cx = x(event.at);
    const warning = event.type === 'Warning';
    const fill = warning ? CHART_FILLS.warningEvent : CHART_FILLS.normalEvent;
    body.push(`<g class="event-marker event-${warning ? 'warning' : 'normal'}"><title>${escapeHtml(`${relative(event.at)} ${event.text}`)}</title>`
      + `<path d="M${num(cx)} ${y + 4} l5 ${ROW.events - 8} h-10 z" fill="${fill}" fill-opacity="0.85"/></g>`);
  }
  y += ROW.events;

  // Expectation windows.
  for (const window of marks.windows) {
    body.push(rowLabel(y, ROW.window, `${window.step} · ${window.kind}`, window.description));
    const colour = window.passed ? CHART_FILLS.windowPassed : CHART_FILLS.windowFailed;
    const x1 = x(window.from);
    const x2 = x(window.deadline ?? window.decidedAt);
    const decided = x(window.decidedAt);
    const runsPast = window.deadline !== undefined && window.deadline > end;
    body.push(`<g class="window-band window-${window.passed ? 'passed' : 'failed'}" data-step="${window.step}" data-kind="${escapeHtml(window.kind)}">`
      + `<title>${escapeHtml(`${window.text}; window ${relative(window.from)} to ${window.deadline === undefined ? '?' : relative(window.deadline)}${runsPast ? ' (after the run ended)' : ''}`)}</title>`
      + rect(x1, y + 3, Math.max(2, x2 - x1), ROW.window - 6, colour, 0.18)
      + rect(x1, y + 3, Math.max(2, decided - x1), ROW.window - 6, colour, 0.45)
      + `<path d="M${num(decided)} ${y + 1} l4 ${(ROW.window - 2) / 2} l-4 ${(ROW.window - 2) / 2} l-4 ${-(ROW.window - 2) / 2} z" fill="${colour}"/>`
      + '</g>');
    y += ROW.window;
  }

  // Nodes that node faults acted on.
  for (const lane of chart.nodes) {
    const drawn = nodeLaneSvg(lane, y, x, relative);
    body.push(drawn.svg);
    y += drawn.height;
  }
  const faultedNodes = new Set(chart.nodes.map((lane) => lane.name));

  // Pods.
  for (const lane of chart.lanes) {
    const laneTop = y;
    const rows: string[] = [];
    rows.push(`<text x="6" y="${y + 14}" font-weight="600" fill="${CHART_INK}">${escapeHtml(truncate(`pod ${lane.name}`, 34))}`
      + `${lane.node === undefined ? '' : podNode(lane.node, faultedNodes.has(lane.node))}`
      + `<title>${escapeHtml(`pod ${lane.name}${lane.node === undefined ? ', not scheduled' : ` on node ${lane.node}`}`)}</title></text>`);
    y += ROW.podHeader;
    const restartLines: string[] = [];
    for (const container of lane.containers) {
      rows.push(rowLabel(y, ROW.container, `${container.init ? 'init ' : ''}${container.name}`));
      rows.push(...container.segments.map((segment) => segmentRect(segment, `phase-${segment.state}`, PHASE_FILLS[segment.state], y, ROW.container, x, relative)));
      for (const restart of container.restarts) {
        const cx = x(restart.at);
        restartLines.push(`<g class="restart-marker" data-container="${escapeHtml(container.name)}"><title>${escapeHtml(`${relative(restart.at)} ${restart.text}`)}</title>`
          + `<line x1="${num(cx)}" x2="${num(cx)}" y1="${laneTop}" y2="LANE_BOTTOM" stroke="${CHART_FILLS.restart}" stroke-width="1.5" stroke-dasharray="3 2"/>`
          + `<circle cx="${num(cx)}" cy="${y + ROW.container / 2}" r="7" fill="${CHART_FILLS.restart}"/>`
          + `<text x="${num(cx)}" y="${y + ROW.container / 2 + 3.5}" text-anchor="middle" fill="#ffffff" font-size="10" font-weight="700">${restart.restartCount}</text></g>`);
      }
      y += ROW.container;
    }
    rows.push(rowLabel(y, ROW.ready, 'Ready'));
    rows.push(...lane.ready.map((segment) => segmentRect(segment, `ready-${segment.state}`, segment.state === 'ready' ? CHART_FILLS.ready : CHART_FILLS.notReady, y, ROW.ready, x, relative)));
    y += ROW.ready;
    for (const track of lane.endpoints) {
      rows.push(rowLabel(y, ROW.endpoints, `endpoints ${track.service}`));
      rows.push(...track.segments.map((segment) => membershipRect(segment, y, x, relative)));
      y += ROW.endpoints;
    }
    body.push(`<g class="lane" data-pod="${escapeHtml(lane.name)}">`
      + `<line x1="0" x2="${WIDTH}" y1="${laneTop}" y2="${laneTop}" stroke="#d0d7de"/>`
      + rows.join('') + restartLines.map((line) => line.replace('LANE_BOTTOM', String(y))).join('') + '</g>');
  }
  const height = y + 8;

  // Across the whole chart: cleanup, then faults on top.
  const across: string[] = [];
  if (marks.cleanupAt !== undefined) {
    const x1 = x(marks.cleanupAt);
    across.push(`<g class="cleanup"><title>${escapeHtml(`${relative(marks.cleanupAt)} cleanup: pods ended, namespace deleted by ${relative(marks.end)}`)}</title>`
      + rect(x1, AXIS_HEIGHT, Math.max(1, x(end) - x1), height - AXIS_HEIGHT, CHART_FILLS.cleanup, 0.22) + '</g>');
  }
  // Fault labels sit on one line above the plot: each goes right of its line, else left of it, else
  // (two faults moments apart) it is left out and its tooltip and the steps row still name it.
  let labelsEnd = 0;
  const faultLabel = (fx: number, label: string): string => {
    const width = CHAR_WIDTH * (label.length + 1);
    const right = fx + 3;
    const left = fx - 3 - width;
    const anchor = right + width <= WIDTH - 2 && right >= labelsEnd ? 'start' : left >= labelsEnd ? 'end' : undefined;
    if (anchor === undefined) return '';
    labelsEnd = anchor === 'start' ? right + width : fx;
    return `<text x="${num(anchor === 'start' ? right : fx - 3)}" y="${AXIS_HEIGHT - 2}"${anchor === 'end' ? ' text-anchor="end"' : ''} fill="${CHART_FILLS.fault}" font-weight="700">${escapeHtml(label)}</text>`;
  };
  for (const fault of marks.faults) {
    const at = fault.injectedAt ?? fault.startedAt;
    const fx = x(at);
    const failed = fault.injectedAt === undefined;
    across.push(`<g class="fault-marker${failed ? ' fault-failed' : ''}" data-step="${fault.step}"><title>${escapeHtml(`${relative(at)} ${fault.text}`)}</title>`
      + rect(x(fault.startedAt), AXIS_HEIGHT, Math.max(2, fx - x(fault.startedAt)), height - AXIS_HEIGHT, CHART_FILLS.fault, 0.12)
      + `<line x1="${num(fx)}" x2="${num(fx)}" y1="${AXIS_HEIGHT - 10}" y2="${height}" stroke="${CHART_FILLS.fault}" stroke-width="2"${failed ? ' stroke-dasharray="4 3"' : ''}/>`
      + `${faultLabel(fx, `⚡ ${fault.kind}`)}</g>`);
  }

  const ticks = axisTicks(span).map((offset) => {
    const tx = x(marks.start + offset);
    return `<line x1="${num(tx)}" x2="${num(tx)}" y1="${AXIS_HEIGHT - 4}" y2="${height}" stroke="#d8dee4" stroke-width="1"/>`
      + `<text x="${num(tx)}" y="11" text-anchor="middle" fill="${MUTED_INK}">${formatTick(offset)}</text>`;
  });

  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  return `<svg class="timeline-chart" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${WIDTH} ${height}" width="100%" `
    + `preserveAspectRatio="xMinYMin meet" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="10" xmlns="http://www.w3.org/2000/svg">`
    + `<title id="${titleId}">${escapeHtml(`Timeline of scenario ${chart.scenario}`)}</title>`
    + `<desc id="${descId}">${escapeHtml(describeChart(chart))}</desc>`
    + ticks.join('') + body.join('') + across.join('')
    + '</svg>';
}

/** ` on vm-2` after a pod's name; in the fault's colour when a node fault acted on that node. */
function podNode(node: string, faulted: boolean): string {
  const style = faulted ? `fill="${CHART_FILLS.fault}" font-weight="700"` : `fill="${MUTED_INK}" font-weight="400"`;
  return `<tspan class="pod-node${faulted ? ' pod-node-faulted' : ''}" data-node="${escapeHtml(node)}" ${style}> on ${escapeHtml(node)}</tspan>`;
}

/**
 * One node's lane: a header with the node's name and the moments a fault acted on it and reverted it
 * (a line down the lane), then rows for its Ready condition, each taint it carried, and its cordon.
 */
function nodeLaneSvg(lane: NodeLane, top: number, x: (at: number) => number, relative: (at: number) => string): { svg: string; height: number } {
  const rows: string[] = [`<text x="6" y="${top + 14}" font-weight="600" fill="${CHART_INK}">${escapeHtml(truncate(`node ${lane.name}`, 34))}<title>node ${escapeHtml(lane.name)}</title></text>`];
  let y = top + ROW.podHeader;
  rows.push(rowLabel(y, ROW.container, 'Ready'));
  rows.push(...lane.ready.map((segment) => segmentRect(segment, `node-ready node-ready-${segment.state.toLowerCase()}`,
    NODE_READY_FILLS[segment.state], y, ROW.container, x, relative)));
  y += ROW.container;
  for (const track of lane.taints) {
    rows.push(`<g class="taint-track" data-taint="${escapeHtml(track.taint)}">${rowLabel(y, ROW.container, `taint ${track.taint.replace(/^node\.kubernetes\.io\//, '')}`, `taint ${track.taint}`)}`
      + track.segments.map((segment) => segmentRect(segment, 'node-taint', TAINT_FILLS[track.effect] ?? CHART_FILLS.taintNoSchedule, y, ROW.container, x, relative)).join('')
      + '</g>');
    y += ROW.container;
  }
  if (lane.cordoned.length > 0) {
    rows.push(rowLabel(y, ROW.container, 'cordoned'));
    rows.push(...lane.cordoned.map((segment) => segmentRect(segment, 'node-cordoned', CHART_FILLS.cordoned, y, ROW.container, x, relative)));
    y += ROW.container;
  }
  const moments = [
    ...lane.faults.map((mark) => nodeMoment(mark, 'node-fault-marker', `⚡ ${mark.word}`, CHART_FILLS.fault, top, y, x, relative)),
    ...lane.reverts.map((mark) => nodeMoment(mark, 'node-revert-marker', `↺ ${mark.word}`, CHART_FILLS.revert, top, y, x, relative)),
  ];
  return {
    svg: `<g class="node-lane" data-node="${escapeHtml(lane.name)}"><line x1="0" x2="${WIDTH}" y1="${top}" y2="${top}" stroke="#d0d7de"/>`
      + rows.join('') + moments.join('') + '</g>',
    height: y - top,
  };
}

/** A node fault's or revert's moment: a line down the node's lane, and its word in the lane's header. */
function nodeMoment(mark: NodeMark, className: string, word: string, colour: string, top: number, bottom: number,
  x: (at: number) => number, relative: (at: number) => string): string {
  const mx = x(mark.at);
  // Near the chart's right edge the word goes left of the line, so it is not cut off.
  const leftOfLine = mx + 3 + word.length * BOLD_CHAR_WIDTH > WIDTH;
  return `<g class="${className}" data-step="${mark.step}"><title>${escapeHtml(`${relative(mark.at)} ${mark.word}: ${mark.text}`)}</title>`
    + `<line x1="${num(mx)}" x2="${num(mx)}" y1="${top + 3}" y2="${bottom}" stroke="${colour}" stroke-width="2"${className === 'node-revert-marker' ? ' stroke-dasharray="4 2"' : ''}/>`
    + `<text x="${num(leftOfLine ? mx - 3 : mx + 3)}" y="${top + 14}"${leftOfLine ? ' text-anchor="end"' : ''} fill="${colour}" font-weight="700">${escapeHtml(word)}</text></g>`;
}

/** One sentence for screen readers: what the chart shows, and its notable moments. */
function describeChart(chart: TimelineChart): string {
  const { marks, lanes } = chart;
  const relative = (at: number): string => `${((at - marks.start) / 1000).toFixed(1)}s`;
  const restarts = lanes.flatMap((lane) => lane.containers.flatMap((c) => c.restarts.map((r) => `${lane.name}/${c.name} restarted at ${relative(r.at)}`)));
  const removals = lanes.flatMap((lane) => lane.endpoints.flatMap((track) => track.segments
    .filter((segment) => segment.removal).map((segment) => `${lane.name} left the endpoints of service ${track.service} at ${relative(segment.from)}`)));
  const faults = marks.faults.map((fault) => `fault ${fault.kind} at ${relative(fault.injectedAt ?? fault.startedAt)}`);
  const failed = marks.windows.filter((window) => !window.passed).map((window) => `expectation ${window.kind} of step ${window.step} failed at ${relative(window.decidedAt)}`);
  const nodes = chart.nodes.map((node) => describeNode(node, lanes, relative));
  return [`${((marks.end - marks.start) / 1000).toFixed(1)}s, ${lanes.length} pod(s), ${marks.events.length} event(s)`, ...faults, ...nodes, ...restarts, ...removals, ...failed].join('; ') + '.';
}

/** `node vm-2 lost at 5.5s, Ready Unknown NodeStatusUnknown at 45.1s, …, back at 80.9s, tainted …, pods on it: …`. */
function describeNode(node: NodeLane, pods: readonly PodLane[], relative: (at: number) => string): string {
  const moments = [
    ...node.faults.map((mark) => ({ at: mark.at, text: `${mark.word} at ${relative(mark.at)}` })),
    ...node.ready.slice(1).map((segment) => ({ at: segment.from, text: `Ready ${segment.label} at ${relative(segment.from)}` })),
    ...node.reverts.map((mark) => ({ at: mark.at, text: `${mark.word} at ${relative(mark.at)}` })),
  ].sort((a, b) => a.at - b.at).map((moment) => moment.text);
  const taints = node.taints.flatMap((track) => track.segments.map((segment) => `tainted ${track.taint} from ${relative(segment.from)} to ${relative(segment.to)}`));
  const cordons = node.cordoned.map((segment) => `cordoned from ${relative(segment.from)} to ${relative(segment.to)}`);
  const onIt = pods.filter((pod) => pod.node === node.name).map((pod) => pod.name);
  return [`node ${node.name} ${moments.join(', ')}`, ...taints, ...cordons, `pods on ${node.name}: ${onIt.length === 0 ? 'none' : onIt.join(', ')}`].join(', ');
}

function segmentRect<S extends string>(segment: Segment<S>, className: string, fill: string, y: number, height: number,
  x: (at: number) => number, relative: (at: number) => string, outline?: string): string {
  const x1 = x(segment.from);
  const width = Math.max(1, x(segment.to) - x1);
  const box = rect(x1, y + 2, width, height - 4, fill);
  return `<g class="segment ${className}"><title>${escapeHtml(`${segment.label}, ${relative(segment.from)} to ${relative(segment.to)}`)}</title>`
    + (outline === undefined ? box : box.replace('/>', ` stroke="${outline}" stroke-width="1.5"/>`))
    + (height >= ROW.container && fits(segment.label, width) ? text(x1 + 3, y + height - 7, segment.label) : '') + '</g>';
}

function membershipRect(segment: MembershipSegment, y: number, x: (at: number) => number, relative: (at: number) => string): string {
  const className = `membership-${segment.state}${segment.removal ? ' endpoint-removal' : ''}`;
  const fill = segment.state === 'in' ? CHART_FILLS.endpointsIn : CHART_FILLS.endpointsOut;
  const removal = segment.removal ? ` (removed from the endpoints at ${relative(segment.from)})` : '';
  return segmentRect({ ...segment, label: `${segment.label}${removal}` }, className, fill, y, ROW.endpoints, x, relative,
    segment.removal ? CHART_FILLS.restart : undefined);
}

function rowLabel(y: number, height: number, label: string, full = label): string {
  return `<text x="14" y="${y + height / 2 + 3.5}" fill="${CHART_INK}">${escapeHtml(truncate(label, 34))}${full === label ? '' : `<title>${escapeHtml(full)}</title>`}</text>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string, opacity?: number): string {
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" fill="${fill}"${opacity === undefined ? '' : ` fill-opacity="${opacity}"`}/>`;
}

function text(x: number, y: number, content: string): string {
  return `<text x="${num(x)}" y="${num(y)}" fill="${CHART_INK}">${escapeHtml(content)}</text>`;
}

function fits(label: string, width: number): boolean {
  return label.length * CHAR_WIDTH + 6 <= width;
}

function truncate(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Offsets from the start, in ms, at a round step that gives at most 12 ticks. */
function axisTicks(spanMs: number): number[] {
  const step = (TICK_SECONDS.find((seconds) => spanMs / (seconds * 1000) <= 12) ?? TICK_SECONDS.at(-1)!) * 1000;
  const ticks: number[] = [];
  for (let offset = 0; offset <= spanMs; offset += step) ticks.push(offset);
  return ticks;
}

function formatTick(offsetMs: number): string {
  const seconds = Math.round(offsetMs / 1000);
  if (seconds < 60) return `${seconds}s`;
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
