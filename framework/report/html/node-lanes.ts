import type { V1Node, V1Taint } from '@kubernetes/client-node';
import type { ScenarioResult } from '../../engine/scenario-result.js';
import type { FaultKind } from '../../faults/registry.js';
import type { Marker, TimelineEntry } from '../../observe/timeline-entry.js';
import { SegmentFold, type Segment } from './pod-lanes.js';

/** The node's Ready condition, as the node controller and the kubelet report it. */
export type NodeReadyState = 'True' | 'False' | 'Unknown';

/** One taint, `key:effect`, while the node carried it. */
export interface TaintTrack {
  /** `node.kubernetes.io/unreachable:NoExecute`. */
  readonly taint: string;
  readonly effect: string;
  readonly segments: readonly Segment<'present'>[];
}

/** The moment a node fault acted on the node (`lost`, `drained`), or was reverted (`back`). */
export interface NodeMark {
  readonly at: number;
  readonly step: number;
  /** One word for the chart: `lost`, `drained`, `back`. */
  readonly word: string;
  /** The marker's text, for the tooltip. */
  readonly text: string;
}

/** Everything the chart shows about one node a node fault acted on. */
export interface NodeLane {
  readonly name: string;
  /** Labelled with status and reason: `Unknown NodeStatusUnknown`. */
  readonly ready: readonly Segment<NodeReadyState>[];
  /** One track per taint the node carried during the run, in order of first sight. */
  readonly taints: readonly TaintTrack[];
  /** When spec.unschedulable was true (kubectl cordon); empty when it never was. */
  readonly cordoned: readonly Segment<'cordoned'>[];
  readonly faults: readonly NodeMark[];
  readonly reverts: readonly NodeMark[];
}

/** What a node fault did to its node, in one word; a kind not listed here shows under its own name. */
const FAULT_WORDS: Partial<Readonly<Record<FaultKind, string>>> = { nodeLoss: 'lost', drainNode: 'drained' };
const REVERT_WORD = 'back';

/**
 * Folds the recorded Node objects into one lane per node that a node fault acted on (the nodes of the
 * `node-fault` markers; a run without node faults has none): its Ready condition, its taints and
 * whether it was cordoned, over time, with the fault's and the revert's moments. Segments start when
 * the node was first seen and end at its DELETED event, or at `end`.
 *
 * @example
 * nodeLanes(result, { end: runEnd })
 * // [{ name: 'vm-2', ready: [{ state: 'True', label: 'True KubeletReady' }, { state: 'Unknown', label: 'Unknown NodeStatusUnknown' }, ...],
 * //    taints: [{ taint: 'node.kubernetes.io/unreachable:NoExecute', segments: [...] }], cordoned: [], faults: [{ word: 'lost' }], reverts: [{ word: 'back' }] }]
 */
export function nodeLanes(result: Pick<ScenarioResult, 'timeline' | 'steps'>, options: { readonly end: number }): NodeLane[] {
  const markers = result.timeline.filter((entry): entry is Marker & { node: string } => entry.type === 'marker' && entry.node !== undefined);
  const faultKinds = new Map(result.steps.map((step) => [step.index, step.fault]));
  const names = [...new Set(markers.filter((marker) => marker.marker === 'node-fault').map((marker) => marker.node))];
  return names.map((name) => {
    const mine = markers.filter((marker) => marker.node === name);
    const marks = (kind: Marker['marker'], word: (step: number) => string): NodeMark[] => mine
      .filter((marker) => marker.marker === kind)
      .map((marker) => ({ at: marker.at, step: marker.step ?? 0, word: word(marker.step ?? 0), text: marker.text }));
    return {
      ...foldNode(result.timeline, name, options.end),
      faults: marks('node-fault', (step) => faultWord(faultKinds.get(step))),
      reverts: marks('fault-reverted', () => REVERT_WORD),
    };
  });
}

function faultWord(kind: string | undefined): string {
  return FAULT_WORDS[kind as FaultKind] ?? kind ?? 'node fault';
}

/** The node's tracks, from every change of that Node on the timeline; a deleted node has none until it is added again. */
function foldNode(entries: readonly TimelineEntry[], name: string, end: number): Pick<NodeLane, 'name' | 'ready' | 'taints' | 'cordoned'> {
  const ready = new SegmentFold<NodeReadyState>();
  const cordoned = new SegmentFold<'cordoned'>();
  const taints = new Map<string, { effect: string; fold: SegmentFold<'present'> }>();
  for (const entry of entries) {
    if (entry.type !== 'change' || entry.kind !== 'Node' || entry.object.metadata?.name !== name) continue;
    const node = entry.verb === 'DELETED' ? undefined : entry.object as V1Node;
    const condition = node?.status?.conditions?.find((candidate) => candidate.type === 'Ready');
    const status = node && ((['True', 'False', 'Unknown'] as const).find((candidate) => candidate === condition?.status) ?? 'Unknown');
    ready.observe(entry.at, status, [status, condition?.reason ?? (condition ? '' : 'no Ready condition')].filter(Boolean).join(' '));
    cordoned.observe(entry.at, node?.spec?.unschedulable === true ? 'cordoned' : undefined, 'cordoned (spec.unschedulable)');
    for (const taint of node?.spec?.taints ?? []) {
      const text = taintText(taint);
      if (!taints.has(text)) taints.set(text, { effect: taint.effect, fold: new SegmentFold<'present'>() });
    }
    const present = new Set((node?.spec?.taints ?? []).map(taintText));
    for (const [text, { fold }] of taints) fold.observe(entry.at, present.has(text) ? 'present' : undefined, text);
  }
  return {
    name,
    ready: ready.close(end),
    taints: [...taints].map(([taint, { effect, fold }]) => ({ taint, effect, segments: fold.close(end) })),
    cordoned: cordoned.close(end),
  };
}

function taintText(taint: V1Taint): string {
  return `${taint.key}:${taint.effect}`;
}
