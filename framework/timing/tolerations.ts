import { DEFAULT_UNREACHABLE_TOLERATION_SECONDS, UNREACHABLE_TAINT } from './control-plane-constants.js';
import type { PodTemplate } from './pod-templates.js';
import { isMapping } from '../model/is-mapping.js';

/**
 * How long a template's pods stay on a node tainted `node.kubernetes.io/unreachable:NoExecute` before the
 * taint manager evicts them, and where that comes from:
 * - `template`: the shortest `tolerationSeconds` among its tolerations that match the taint;
 * - `forever`: a matching toleration without `tolerationSeconds` (and no timed one), or a DaemonSet's pods,
 *   which their controller gives exactly that;
 * - `admission`: no matching toleration, so the DefaultTolerationSeconds admission plugin adds 300 s.
 */
export type UnreachableToleration =
  | { readonly source: 'template'; readonly seconds: number }
  | { readonly source: 'forever'; readonly why: string }
  | { readonly source: 'admission'; readonly seconds: number };

/** @example unreachableToleration(spreadTemplate) // => { source: 'template', seconds: 10 } */
export function unreachableToleration(template: PodTemplate): UnreachableToleration {
  if (template.owner.startsWith('DaemonSet ')) {
    return { source: 'forever', why: `the DaemonSet controller gives its pods a toleration for ${UNREACHABLE_TAINT}:NoExecute without tolerationSeconds` };
  }
  const tolerations = isMapping(template.podSpec) && Array.isArray(template.podSpec.tolerations) ? template.podSpec.tolerations.filter(isMapping) : [];
  const matching = tolerations.filter(toleratesUnreachable);
  if (matching.length === 0) return { source: 'admission', seconds: DEFAULT_UNREACHABLE_TOLERATION_SECONDS };
  // The taint manager takes the shortest tolerationSeconds; only when none has one does the pod stay for good.
  const timed = matching.flatMap((t) => (typeof t.tolerationSeconds === 'number' ? [Math.max(0, t.tolerationSeconds)] : []));
  if (timed.length === 0) return { source: 'forever', why: `${template.owner} tolerates ${UNREACHABLE_TAINT}:NoExecute without tolerationSeconds` };
  return { source: 'template', seconds: Math.min(...timed) };
}

/** `tolerationSeconds 10 (from the template)`, `tolerationSeconds 300 (added by admission: the template has none)`. */
export function describeToleration(toleration: UnreachableToleration): string {
  switch (toleration.source) {
    case 'template': return `tolerationSeconds ${toleration.seconds}`;
    case 'admission': return `tolerationSeconds ${toleration.seconds} (added by the DefaultTolerationSeconds admission plugin: the template has no toleration for ${UNREACHABLE_TAINT})`;
    case 'forever': return 'no tolerationSeconds (tolerated for good)';
  }
}

/** Milliseconds the pods stay, Infinity for good. */
export function toleratedMs(toleration: UnreachableToleration): number {
  return toleration.source === 'forever' ? Infinity : toleration.seconds * 1000;
}

/** Whether a toleration matches the unreachable:NoExecute taint (which has no value), as the scheduler's helpers decide. */
function toleratesUnreachable(toleration: Record<string, unknown>): boolean {
  const { key, operator, value, effect } = toleration;
  if (effect !== undefined && effect !== '' && effect !== 'NoExecute') return false;
  if (key !== undefined && key !== '' && key !== UNREACHABLE_TAINT) return false;
  if (operator === 'Exists') return true;
  return (operator === undefined || operator === '' || operator === 'Equal') && (value === undefined || value === '');
}
