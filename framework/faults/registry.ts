import type { FaultPlugin } from './fault.js';
import { appendFile, type AppendFileSpec } from './append-file.js';
import { deleteObject, type DeleteObjectSpec } from './delete-object.js';
import { deletePod, type DeletePodSpec } from './delete-pod.js';
import { drainNode, type DrainNodeSpec } from './drain-node.js';
import { exec, type ExecSpec } from './exec.js';
import { killContainer, type KillContainerSpec } from './kill-container.js';
import { label, type LabelSpec } from './label.js';
import { nodeLoss, type NodeLossSpec } from './node-loss.js';
import { patch, type PatchSpec } from './patch.js';
import { renameFile, type RenameFileSpec } from './rename-file.js';
import { revert, type RevertSpec } from './revert.js';
import { scale, type ScaleSpec } from './scale.js';
import { setListenPort, type SetListenPortSpec } from './set-listen-port.js';
import { writeFile, type WriteFileSpec } from './write-file.js';

/** Every fault kind and the spec it takes. Adding a kind here without a plugin is a compile error. */
export interface FaultSpecs {
  exec: ExecSpec;
  renameFile: RenameFileSpec;
  setListenPort: SetListenPortSpec;
  deletePod: DeletePodSpec;
  killContainer: KillContainerSpec;
  writeFile: WriteFileSpec;
  appendFile: AppendFileSpec;
  label: LabelSpec;
  scale: ScaleSpec;
  patch: PatchSpec;
  deleteObject: DeleteObjectSpec;
  nodeLoss: NodeLossSpec;
  drainNode: DrainNodeSpec;
  revert: RevertSpec;
}

export type FaultKind = keyof FaultSpecs;

export const faultPlugins: { readonly [K in FaultKind]: FaultPlugin<FaultSpecs[K], K> } = {
  exec, renameFile, setListenPort, deletePod, killContainer, writeFile, appendFile, label, scale, patch, deleteObject,
  nodeLoss, drainNode, revert,
};


export const FAULT_KINDS = Object.keys(faultPlugins) as FaultKind[];

/** The fault kinds that act beyond the run's namespace (on nodes): they run only on clusters the user allowed. */
export const NODE_REACHING_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((kind) => faultPlugins[kind].reach === 'node');

export function faultPlugin<K extends FaultKind>(kind: K): FaultPlugin<FaultSpecs[K], K> {
  return faultPlugins[kind];
}
