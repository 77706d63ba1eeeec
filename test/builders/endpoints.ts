import type { V1Endpoints, V1EndpointSlice } from '@kubernetes/client-node';
import { NAMESPACE } from './time.js';

export interface SliceOptions {
  /** Default `<service>-7xk2p`; two slices of one Service need different names. */
  readonly name?: string;
  /** Addresses listed without a `ready` condition at all (the API says: read as ready). */
  readonly noReadyCondition?: readonly string[];
}

/**
 * A discovery.k8s.io/v1 EndpointSlice of a Service, one endpoint per address.
 *
 * @example endpointSlice('web', ['10.244.0.5'], ['10.244.0.6'])
 */
export function endpointSlice(service: string, ready: readonly string[], notReady: readonly string[] = [], options: SliceOptions = {}): V1EndpointSlice {
  const name = options.name ?? `${service}-7xk2p`;
  const endpoint = (ip: string, conditions: { ready?: boolean; serving?: boolean; terminating?: boolean } | undefined) => ({
    addresses: [ip],
    ...(conditions && { conditions }),
    nodeName: 'kind-control-plane',
    targetRef: { kind: 'Pod', namespace: NAMESPACE, name: `pod-at-${ip}` },
  });
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name, namespace: NAMESPACE, uid: `uid-slice-${name}`, resourceVersion: '3000',
      labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    },
    addressType: 'IPv4',
    endpoints: [
      ...ready.map((ip) => endpoint(ip, { ready: true, serving: true, terminating: false })),
      ...notReady.map((ip) => endpoint(ip, { ready: false, serving: false, terminating: false })),
      ...(options.noReadyCondition ?? []).map((ip) => endpoint(ip, undefined)),
    ],
    ports: [{ name: '', port: 80, protocol: 'TCP' }],
  };
}

/** A core/v1 Endpoints object (clusters without EndpointSlices); no `subsets` at all when empty, as the API sends it. */
export function endpoints(service: string, ready: readonly string[], notReady: readonly string[] = []): V1Endpoints {
  const empty = ready.length === 0 && notReady.length === 0;
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: service, namespace: NAMESPACE, uid: `uid-ep-${service}`, resourceVersion: '3000' },
    ...(!empty && {
      subsets: [{
        ...(ready.length > 0 && { addresses: ready.map((ip) => ({ ip, nodeName: 'kind-control-plane' })) }),
        ...(notReady.length > 0 && { notReadyAddresses: notReady.map((ip) => ({ ip, nodeName: 'kind-control-plane' })) }),
        ports: [{ port: 80, protocol: 'TCP' }],
      }],
    }),
  };
}
