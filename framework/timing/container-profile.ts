import { DEFAULT_GRACE_PERIOD_SECONDS } from './kubelet-constants.js';
import { PROBE_KINDS, probeSettings, type ProbeKind, type ProbeSettings } from './probe-settings.js';
import { isMapping } from '../model/is-mapping.js';

/** How long a container's preStop hook runs: known (`sleep 20`), none, or not known (an HTTP call, a script). */
export type PreStop =
  | { readonly kind: 'none' }
  | { readonly kind: 'sleep'; readonly ms: number }
  | { readonly kind: 'unknown'; readonly text: string };

/** What the timing rules need to know about one container of a pod template. */
export interface ContainerProfile {
  readonly name: string;
  readonly probes: Readonly<Partial<Record<ProbeKind, ProbeSettings>>>;
  /** The pod's terminationGracePeriodSeconds (default 30), in milliseconds. */
  readonly gracePeriodMs: number;
  readonly preStop: PreStop;
  /** Named container ports, for probes and faults that name a port. */
  readonly ports: ReadonlyMap<string, number>;
  /** Paths where volumes are mounted: a change under them survives a restart. */
  readonly mountPaths: readonly string[];
  /** Whether command or args replace the image's: such a container may well exit on its own. */
  readonly commandOverridden: boolean;
  /** The pod's restartPolicy (default Always). */
  readonly restartPolicy: string;
}

/**
 * The container named `name` of a pod spec (the first container when `name` is undefined), or
 * undefined when there is no such container.
 *
 * @example containerProfile(deployment.spec.template.spec, 'web')?.probes.liveness?.periodMs // => 3000
 */
export function containerProfile(podSpec: unknown, name?: string): ContainerProfile | undefined {
  if (!isMapping(podSpec) || !Array.isArray(podSpec.containers)) return undefined;
  const containers = podSpec.containers.filter(isMapping);
  const container = name === undefined ? containers[0] : containers.find((c) => c.name === name);
  if (!container || typeof container.name !== 'string') return undefined;
  const probes: Partial<Record<ProbeKind, ProbeSettings>> = {};
  for (const kind of PROBE_KINDS) {
    const probe = container[`${kind}Probe`];
    if (isMapping(probe)) probes[kind] = probeSettings(kind, probe);
  }
  const grace = podSpec.terminationGracePeriodSeconds;
  const ports = new Map<string, number>();
  for (const port of Array.isArray(container.ports) ? container.ports.filter(isMapping) : []) {
    if (typeof port.name === 'string' && typeof port.containerPort === 'number') ports.set(port.name, port.containerPort);
  }
  const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts.filter(isMapping) : [];
  return {
    name: container.name,
    probes,
    gracePeriodMs: (typeof grace === 'number' && Number.isInteger(grace) && grace >= 0 ? grace : DEFAULT_GRACE_PERIOD_SECONDS) * 1000,
    preStop: preStopOf(isMapping(container.lifecycle) ? container.lifecycle.preStop : undefined),
    ports,
    mountPaths: mounts.flatMap((m) => (typeof m.mountPath === 'string' ? [m.mountPath] : [])),
    commandOverridden: container.command !== undefined || container.args !== undefined,
    restartPolicy: typeof podSpec.restartPolicy === 'string' ? podSpec.restartPolicy : 'Always',
  };
}

/** A port number, or a named port of the container resolved to its number. */
export function portNumber(profile: ContainerProfile, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return /^\d+$/.test(port) ? Number(port) : profile.ports.get(port);
}

const SLEEP = /^(?:\/(?:usr\/)?bin\/)?sleep\s+(\d+(?:\.\d+)?|infinity)\s*$/;

/** `exec: [sleep, "20"]`, `[sh, -c, "sleep 20"]` and `sleep infinity` are known durations; anything else is not. */
function preStopOf(hook: unknown): PreStop {
  if (!isMapping(hook)) return { kind: 'none' };
  const command = isMapping(hook.exec) ? hook.exec.command : undefined;
  if (Array.isArray(command) && command.every((c) => typeof c === 'string')) {
    const words = command as string[];
    const shell = words.length === 3 && /^(?:\/bin\/)?(?:ba)?sh$/.test(words[0]!) && words[1] === '-c';
    const sleep = SLEEP.exec(shell ? words[2]!.trim() : words.join(' '));
    if (sleep) return { kind: 'sleep', ms: sleep[1] === 'infinity' ? Infinity : Number(sleep[1]) * 1000 };
    return { kind: 'unknown', text: `exec [${words.join(' ')}]` };
  }
  return { kind: 'unknown', text: isMapping(hook.httpGet) ? 'an httpGet hook' : 'a hook' };
}
