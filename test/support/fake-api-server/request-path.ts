/** Splits an apiserver URL path into its parts and names the Kubernetes verb of a request. */
import type { KubeVerb } from './types.js';

export type ParsedPath =
  | { type: 'discovery' }
  | { type: 'resource'; group: string; version: string; plural: string; namespace?: string; name?: string; subresource?: string }
  | { type: 'unknown' };

export function parsePath(path: string): ParsedPath {
  if (path === '/version' || path === '/version/') return { type: 'discovery' };
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length <= 2) return { type: 'discovery' };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length <= 3) return { type: 'discovery' };
    group = parts[1] ?? '';
    rest = parts.slice(2);
  } else {
    return { type: 'unknown' };
  }
  const [version = '', ...tail] = rest;
  // `namespaces/{ns}/{plural}...` addresses namespaced content; `namespaces/{ns}[/status]` the namespace itself.
  if (tail[0] === 'namespaces' && tail.length >= 3 && !['status', 'finalize'].includes(tail[2] ?? '')) {
    const [, namespace, plural = '', name, subresource, ...extra] = tail;
    if (extra.length > 0) return { type: 'unknown' };
    return { type: 'resource', group, version, plural, namespace, name, subresource };
  }
  const [plural = '', name, subresource, ...extra] = tail;
  if (extra.length > 0) return { type: 'unknown' };
  return { type: 'resource', group, version, plural, name, subresource };
}

export function isWatch(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch === 'true' || watch === '1';
}

export function verbOf(method: string, parsed: ParsedPath, query: URLSearchParams): KubeVerb {
  if (parsed.type === 'discovery') return 'discovery';
  const named = parsed.type === 'resource' && parsed.name !== undefined;
  if (parsed.type === 'resource' && parsed.subresource === 'exec') return 'exec';
  switch (method.toUpperCase()) {
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return named ? 'delete' : 'deletecollection';
    default: return isWatch(query) ? 'watch' : named ? 'get' : 'list';
  }
}

export const WRITE_VERBS: ReadonlySet<KubeVerb> = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
