import type { FaultKind, FaultSpecs } from '../faults/registry.js';
import { parseDuration } from '../model/duration.js';
import { containerProfile, portNumber, type ContainerProfile } from './container-profile.js';
import { targetOf, templatesTargeted, type PodTemplate } from './pod-templates.js';
import { describeHandler, type ProbeKind, type ProbeSettings } from './probe-settings.js';

/** What a fault does to the pods of one template, as far as their timing goes. */
export interface FaultEffect {
  /** The container the fault acts in. */
  readonly container: ContainerProfile;
  /** Probes of that container the fault makes fail. */
  readonly breaks: readonly ProbeSettings[];
  /** Probes of that container the fault makes pass again. */
  readonly mends: readonly ProbeSettings[];
  /** Whether the change survives a restart: made on a mounted volume rather than in the container's own filesystem. */
  readonly survivesRestart: boolean;
  /** Set when the fault deletes the pod: the grace period it asks for (undefined: the pod's own). */
  readonly deletion?: { readonly gracePeriodMs: number | undefined };
}

/** `known`: the effect; `misses`: the fault acts on other pods; `unknown`: Faultline cannot tell what it does. */
export type FaultReach =
  | { readonly kind: 'known'; readonly effect: FaultEffect }
  | { readonly kind: 'misses' }
  | { readonly kind: 'unknown'; readonly why: string };

type EffectReader<K extends FaultKind> = (spec: FaultSpecs[K], container: ContainerProfile) => Omit<FaultEffect, 'container'>;

/**
 * The faults whose effect on probes and pods is known. Kinds left out (exec runs anything; killContainer's
 * proof already waits for the restart; the object-changing faults) have effects Faultline does not
 * infer, and an estimate after them says so instead of guessing. Adding a kind here is optional by design.
 */
const EFFECTS: { readonly [K in FaultKind]?: EffectReader<K> } = {
  renameFile: (spec, container) => ({
    breaks: probesTouching(container, spec.from),
    mends: probesTouching(container, spec.to),
    survivesRestart: onVolume(container, spec.from) || onVolume(container, spec.to),
  }),
  setListenPort: (spec, container) => ({
    breaks: probesOnPort(container, spec.from ?? 80),
    mends: probesOnPort(container, spec.to),
    survivesRestart: onVolume(container, spec.file ?? '/etc/nginx/conf.d/default.conf'),
  }),
  deletePod: (spec) => {
    const grace = spec.gracePeriod === undefined ? undefined : parseDuration(spec.gracePeriod);
    return {
      breaks: [], mends: [], survivesRestart: false,
      deletion: { gracePeriodMs: grace === undefined ? undefined : Math.floor(grace / 1000) * 1000 },
    };
  },
};

/**
 * Faults that leave the manifests' pod templates as written (they act inside containers or on single pods);
 * after any other kind the templates may no longer describe the pods, so nothing more is inferred.
 */
const KEEPS_TEMPLATES: ReadonlySet<string> = new Set(['exec', 'renameFile', 'setListenPort', 'deletePod', 'killContainer', 'writeFile', 'appendFile']);

export function keepsTemplates(faultKind: string): boolean {
  return KEEPS_TEMPLATES.has(faultKind);
}

/**
 * What `fault` does to the pods of `template`.
 *
 * @example faultReach({ kind: 'renameFile', spec: { target: 'app=web', from: '/usr/share/nginx/html/index.html', to: '/tmp/x' } }, web)
 * // => { kind: 'known', effect: { breaks: [liveness httpGet /index.html], ... } }
 */
export function faultReach(fault: { readonly kind: string; readonly spec: unknown }, template: PodTemplate): FaultReach {
  const resolved = targetOf((fault.spec as { target?: unknown } | null)?.target);
  if (resolved === undefined) return { kind: 'unknown', why: `this ${fault.kind} fault names no pods` };
  if (templatesTargeted(resolved, [template]).length === 0) return { kind: 'misses' };
  const read = Object.hasOwn(EFFECTS, fault.kind) ? (EFFECTS as Record<string, EffectReader<FaultKind>>)[fault.kind] : undefined;
  if (!read) return { kind: 'unknown', why: `Faultline does not infer what ${fault.kind} faults do to probes` };
  const container = containerProfile(template.podSpec, resolved.container);
  if (!container) return { kind: 'unknown', why: `${template.owner} has no container ${resolved.container ?? ''}`.trimEnd() };
  return { kind: 'known', effect: { container, ...read(fault.spec as FaultSpecs[FaultKind], container) } };
}

/** `breaks the liveness probe (httpGet /index.html :80)`, for plans. */
export function describeEffect(effect: FaultEffect): string {
  const list = (probes: readonly ProbeSettings[]): string => probes.map((p) => `the ${describeHandler(p)} probe`).join(' and ');
  const parts = [
    ...(effect.breaks.length > 0 ? [`breaks ${list(effect.breaks)}`] : []),
    ...(effect.mends.length > 0 ? [`mends ${list(effect.mends)}`] : []),
    ...(effect.deletion ? [`deletes the pod${effect.deletion.gracePeriodMs === undefined ? '' : ` with grace period ${effect.deletion.gracePeriodMs / 1000}s`}`] : []),
  ];
  const what = parts.length > 0 ? parts.join(', ') : 'touches none of its probes';
  return `${what} (container ${effect.container.name}${effect.survivesRestart ? ', on a volume: survives restarts' : ''})`;
}

export function probeOf(effect: FaultEffect, kind: ProbeKind, change: 'breaks' | 'mends'): ProbeSettings | undefined {
  return effect[change].find((p) => p.kind === kind);
}

/** httpGet probes on the path a file serves (`/usr/share/nginx/html/index.html` serves `/index.html`), exec probes naming the file. */
function probesTouching(container: ContainerProfile, file: string): ProbeSettings[] {
  return Object.values(container.probes).filter((probe) => {
    const { handler } = probe;
    if (handler.kind === 'httpGet') {
      const path = handler.path.split('?')[0]!;
      return path !== '/' && path.startsWith('/') && file.endsWith(path);
    }
    return handler.kind === 'exec' && handler.command.some((word) => word.split(/\s+/).includes(file));
  });
}

function probesOnPort(container: ContainerProfile, port: number): ProbeSettings[] {
  return Object.values(container.probes).filter((probe) => {
    const { handler } = probe;
    return (handler.kind === 'httpGet' || handler.kind === 'tcpSocket' || handler.kind === 'grpc') && portNumber(container, handler.port) === port;
  });
}

function onVolume(container: ContainerProfile, file: string): boolean {
  return container.mountPaths.some((mount) => file === mount || file.startsWith(mount.endsWith('/') ? mount : `${mount}/`));
}
