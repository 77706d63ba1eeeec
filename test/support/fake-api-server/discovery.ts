/** Discovery documents: /version, /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version}. */
import { apiVersionOf, type ResourceCatalog, type ResourceType } from './resources.js';

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export function parseVersion(gitVersion: string): ServerVersion {
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  if (!m) throw new Error(`fake-api-server: version must look like v1.20.2, got "${gitVersion}"`);
  return {
    major: m[1] ?? '1', minor: m[2] ?? '0', gitVersion,
    gitCommit: 'faecb196815e248d3ecfb03c680a4507229c2a56', gitTreeState: 'clean',
    buildDate: '2021-01-13T13:20:00Z', goVersion: 'go1.15.5', compiler: 'gc', platform: 'linux/amd64',
  };
}

interface GroupVersionRef {
  groupVersion: string;
  version: string;
}

/** Newer versions first (v1 before v1beta1): the first is the preferred one. */
function byPreference(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    const stability = m?.[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stability, Number(m?.[1] ?? 0), Number(m?.[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  return rb[0] - ra[0] || rb[1] - ra[1] || rb[2] - ra[2];
}

export class Discovery {
  constructor(
    private readonly catalog: ResourceCatalog,
    readonly version: ServerVersion,
    private readonly serverAddress: () => string,
  ) {}

  /** The document for a discovery path, or undefined when the path is not one. */
  document(path: string): unknown {
    const parts = path.split('/').filter((p) => p !== '');
    if (path === '/version' || path === '/version/') return this.version;
    if (parts[0] === 'api' && parts.length === 1) {
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() }] };
    }
    if (parts[0] === 'api' && parts.length === 2) return this.resourceList('', parts[1] ?? '', false);
    if (parts[0] === 'apis' && parts.length === 1) {
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups().map((g) => this.group(g)) };
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const name = parts[1] ?? '';
      return this.groups().includes(name) ? { kind: 'APIGroup', apiVersion: 'v1', ...this.group(name) } : undefined;
    }
    if (parts[0] === 'apis' && parts.length === 3) return this.resourceList(parts[1] ?? '', parts[2] ?? '', true);
    return undefined;
  }

  private groups(): string[] {
    return [...new Set(this.catalog.served.map((r) => r.group).filter((g) => g !== ''))];
  }

  private group(name: string): { name: string; versions: GroupVersionRef[]; preferredVersion: GroupVersionRef | undefined } {
    const versions = this.catalog.groupVersions()
      .filter((gv) => gv.group === name)
      .map((gv) => gv.version)
      .sort(byPreference)
      .map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions, preferredVersion: versions[0] };
  }

  private resourceList(group: string, version: string, withApiVersion: boolean): unknown {
    const resources = this.catalog.served.filter((r) => r.group === group && r.version === version);
    if (resources.length === 0) return undefined;
    const groupVersion = apiVersionOf(resources[0] as ResourceType);
    return {
      kind: 'APIResourceList',
      // The real /api/v1 document carries no apiVersion; group documents do.
      ...(withApiVersion && { apiVersion: 'v1' }),
      groupVersion,
      resources: [...resources].sort((a, b) => a.plural.localeCompare(b.plural)).flatMap((r) => this.entries(r)),
    };
  }

  private entries(resource: ResourceType): unknown[] {
    // Built-in types report an empty singularName before 1.27.
    const singularName = Number(this.version.minor) >= 27 ? resource.kind.toLowerCase() : '';
    const main = {
      name: resource.plural, singularName, namespaced: resource.namespaced, kind: resource.kind,
      verbs: resource.verbs,
      ...(resource.shortNames.length > 0 && { shortNames: resource.shortNames }),
    };
    const subresources = resource.subresources.map((s) => ({
      name: `${resource.plural}/${s.name}`, singularName: '', namespaced: resource.namespaced, kind: s.kind, verbs: s.verbs,
      ...(s.name === 'scale' && { group: 'autoscaling', version: 'v1' }),
    }));
    return [main, ...subresources];
  }
}
