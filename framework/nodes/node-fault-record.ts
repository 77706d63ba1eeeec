import type { Timeline } from '../observe/timeline.js';

/** One node a node fault acted on, as the timeline recorded it. */
export interface NodeFaultRecord {
  /** The fault step's index. */
  readonly step: number;
  readonly node: string;
  readonly at: number;
  readonly position: number;
  /** The run's pods bound to the node when the fault acted (uid → name): the ones it may evict. */
  readonly pods: ReadonlyMap<string, string>;
  /** Where the fault was reverted for this node, when it was. */
  readonly revertedPosition?: number;
}

/**
 * The node faults of a run so far, oldest first, from the timeline's `node-fault` markers (so a
 * replayed recording finds the same nodes and pods as the live run did).
 */
export function nodeFaultsOf(timeline: Timeline): NodeFaultRecord[] {
  const records: NodeFaultRecord[] = [];
  timeline.entries.forEach((entry, position) => {
    if (entry.type !== 'marker' || entry.node === undefined || entry.step === undefined) return;
    if (entry.marker === 'node-fault') {
      const view = timeline.viewAt(position);
      const pods = new Map(view.pods
        .filter((record) => record.pod.spec?.nodeName === entry.node && record.pod.metadata?.uid !== undefined)
        .map((record) => [record.pod.metadata!.uid!, record.pod.metadata?.name ?? '']));
      records.push({ step: entry.step, node: entry.node, at: entry.at, position, pods });
    } else if (entry.marker === 'fault-reverted') {
      const index = records.findLastIndex((r) => r.node === entry.node && r.revertedPosition === undefined);
      if (index >= 0) records[index] = { ...records[index]!, revertedPosition: position };
    }
  });
  return records;
}

/** The records of the latest node fault step: what node expectations judge when they name no node. */
export function latestNodeFault(records: readonly NodeFaultRecord[]): NodeFaultRecord[] {
  const last = records.at(-1);
  return last === undefined ? [] : records.filter((r) => r.step === last.step);
}
