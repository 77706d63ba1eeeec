/** The resource types the fake serves. Adding one is one entry in RESOURCE_TABLE. */
import type { KubeObject } from './types.js';

export interface Subresource {
  name: string;
  kind: string;
  verbs: string[];
}

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** The plural, as used in URLs and discovery. */
  plural: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  subresources: Subresource[];
  /** Field selectors beyond metadata.name and metadata.namespace, mapped to the object path they read. */
  fieldSelectors: Record<string, string>;
  /** DELETE answers with the object rather than a Success Status (the registry's ReturnDeletedObject). */
  returnsDeletedObject: boolean;
  /** Has a status subresource: status is set by controllers, not by writes to the main resource. */
  hasStatus: boolean;
  /** Defaulting and status reset the registry applies to an object created through the API. */
  prepareForCreate: (object: KubeObject) => void;
  /** Kubernetes minor versions that serve this group/version, inclusive. */
  servedFromMinor: number;
  servedUntilMinor: number;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

type Extras = Partial<Omit<ResourceType, 'group' | 'version' | 'plural' | 'kind' | 'namespaced'>>;

function def(apiVersion: string, plural: string, kind: string, namespaced: boolean, extras: Extras = {}): ResourceType {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  return {
    group, version, plural, kind, namespaced,
    shortNames: [], verbs: ALL_VERBS, subresources: [], fieldSelectors: {},
    returnsDeletedObject: false, hasStatus: false, prepareForCreate: () => {},
    servedFromMinor: 0, servedUntilMinor: Number.POSITIVE_INFINITY,
    ...extras,
  };
}

/** Spec fields the apiserver's defaulting fills when a client leaves them out. */
function defaults(specDefaults: Record<string, unknown>, status?: Record<string, unknown>): (object: KubeObject) => void {
  return (object) => {
    object.spec = { ...specDefaults, ...object.spec };
    if (status !== undefined) object.status = structuredClone(status);
  };
}

const sameNames = (...fields: string[]): Record<string, string> => Object.fromEntries(fields.map((f) => [f, f]));
const statusOf = (kind: string): Subresource => ({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
const scale: Subresource = { name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'] };

export const RESOURCE_TABLE: readonly ResourceType[] = [
  def('v1', 'namespaces', 'Namespace', false, {
    shortNames: ['ns'], returnsDeletedObject: true, hasStatus: true,
    subresources: [statusOf('Namespace'), { name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
    fieldSelectors: { 'status.phase': 'status.phase' },
    prepareForCreate: defaults({ finalizers: ['kubernetes'] }, { phase: 'Active' }),
  }),
  def('v1', 'pods', 'Pod', true, {
    shortNames: ['po'], returnsDeletedObject: true, hasStatus: true,
    subresources: [
      statusOf('Pod'), { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] }, { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'eviction', kind: 'Eviction', verbs: ['create'] },
    ],
    fieldSelectors: sameNames('spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'),
    prepareForCreate: defaults({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' }, { phase: 'Pending' }),
  }),
  def('v1', 'services', 'Service', true, {
    shortNames: ['svc'], returnsDeletedObject: true, hasStatus: true, subresources: [statusOf('Service')],
    prepareForCreate: defaults({ type: 'ClusterIP' }, { loadBalancer: {} }),
  }),
  def('v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'] }),
  def('v1', 'events', 'Event', true, {
    shortNames: ['ev'],
    fieldSelectors: {
      ...sameNames(...['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => `involvedObject.${f}`)),
      reason: 'reason', reportingComponent: 'reportingComponent', source: 'source.component', type: 'type',
    },
  }),
  def('v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  def('v1', 'secrets', 'Secret', true, { fieldSelectors: { type: 'type' } }),
  def('v1', 'serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  // Nodes may be created with their status: the registry does not reset it.
  def('v1', 'nodes', 'Node', false, { shortNames: ['no'], hasStatus: true, subresources: [statusOf('Node')], fieldSelectors: { 'spec.unschedulable': 'spec.unschedulable' } }),
  def('apps/v1', 'deployments', 'Deployment', true, {
    shortNames: ['deploy'], hasStatus: true, subresources: [statusOf('Deployment'), scale],
    prepareForCreate: defaults({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 }, {}),
  }),
  def('apps/v1', 'replicasets', 'ReplicaSet', true, {
    shortNames: ['rs'], hasStatus: true, subresources: [statusOf('ReplicaSet'), scale],
    fieldSelectors: { 'status.replicas': 'status.replicas' },
    prepareForCreate: defaults({ replicas: 1 }, { replicas: 0 }),
  }),
  def('apps/v1', 'statefulsets', 'StatefulSet', true, {
    shortNames: ['sts'], hasStatus: true, subresources: [statusOf('StatefulSet'), scale],
    prepareForCreate: defaults({ replicas: 1, podManagementPolicy: 'OrderedReady' }, { replicas: 0 }),
  }),
  def('apps/v1', 'daemonsets', 'DaemonSet', true, {
    shortNames: ['ds'], hasStatus: true, subresources: [statusOf('DaemonSet')],
    prepareForCreate: defaults({ revisionHistoryLimit: 10 }, { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }),
  }),
  // EndpointSlice: v1beta1 was served from 1.17 to 1.24, v1 from 1.21.
  def('discovery.k8s.io/v1beta1', 'endpointslices', 'EndpointSlice', true, { servedFromMinor: 17, servedUntilMinor: 24 }),
  def('discovery.k8s.io/v1', 'endpointslices', 'EndpointSlice', true, { servedFromMinor: 21 }),
];

export function apiVersionOf(resource: ResourceType): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** How the apiserver names a resource in messages: `pods`, `deployments.apps`. */
export function qualifiedName(resource: ResourceType): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}

/** The resource types one server serves, after version gating and options. */
export class ResourceCatalog {
  readonly served: readonly ResourceType[];

  constructor(minor: number, endpointSlices: boolean) {
    this.served = RESOURCE_TABLE.filter((r) =>
      minor >= r.servedFromMinor && minor <= r.servedUntilMinor && (endpointSlices || r.group !== 'discovery.k8s.io'));
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.served.find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** Test-side lookups name a resource by plural only: the preferred (newest served) version. */
  byPlural(plural: string): ResourceType {
    const resource = this.served.findLast((r) => r.plural === plural);
    if (!resource) throw new Error(`fake-api-server: resource "${plural}" is not served (see RESOURCE_TABLE and start options)`);
    return resource;
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.served.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind)
      ?? this.served.findLast((r) => r.kind === kind);
  }

  groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Map<string, { group: string; version: string }>();
    for (const r of this.served) seen.set(apiVersionOf(r), { group: r.group, version: r.version });
    return [...seen.values()];
  }
}

/** Every served version of a group/resource shares one stored copy, as in etcd. */
export function storageKey(resource: ResourceType): string {
  return `${resource.group}/${resource.plural}`;
}
