/** Pod specs as the library's manifests write them, for the timing tests. */
import { containerProfile, type ContainerProfile } from '../../framework/timing/container-profile.js';

/** P1's probe (experiments.md): httpGet /index.html :80, initialDelaySeconds 5, periodSeconds 3, timeoutSeconds 2, failureThreshold 3. */
export const P1_PROBE = { httpGet: { path: '/index.html', port: 80 }, initialDelaySeconds: 5, periodSeconds: 3, timeoutSeconds: 2, failureThreshold: 3 };

/** P5's probe: the same on a path nginx does not serve. */
export const P5_PROBE = { ...P1_PROBE, httpGet: { path: '/monitor/monitor.html', port: 80 } };

/** A pod spec with one nginx container `web`, with `container` fields added, and `pod` fields. */
export function nginxPodSpec(container: Record<string, unknown> = {}, pod: Record<string, unknown> = {}): Record<string, unknown> {
  return { containers: [{ name: 'web', image: 'nginx:1.20.2', ports: [{ containerPort: 80 }], ...container }], ...pod };
}

export function nginx(container: Record<string, unknown> = {}, pod: Record<string, unknown> = {}): ContainerProfile {
  return containerProfile(nginxPodSpec(container, pod))!;
}

/** Seconds to milliseconds, so ranges read as in the docs: `s(6, 9, 15)`. */
export function s(earliest: number, typical: number, latest: number): { earliestMs: number; typicalMs: number; latestMs: number } {
  return { earliestMs: earliest * 1000, typicalMs: typical * 1000, latestMs: latest * 1000 };
}
