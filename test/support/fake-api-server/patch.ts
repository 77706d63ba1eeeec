/** JSON merge patch (RFC 7386) and JSON patch (RFC 6902) over plain JSON values. */
import { badRequest, StatusError, failure } from './status.js';

type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values, whatever the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => sameJson(a[k], b[k]));
  }
  return a === b;
}

/** RFC 7386: objects merge recursively, null deletes, anything else (arrays included) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const result: JsonRecord = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer: "${path}"`);
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, tokens: string[], path: string): { parent: JsonRecord | unknown[]; key: string } {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(token)] : isRecord(node) ? node[token] : undefined;
  }
  if (!Array.isArray(node) && !isRecord(node)) {
    throw new StatusError(failure(422, `the server rejected our request due to an error in our request: missing path "${path}"`, 'Invalid'));
  }
  return { parent: node, key: tokens[tokens.length - 1] ?? '' };
}

function read(doc: unknown, path: string): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens, path);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) {
    throw new StatusError(failure(422, `the server rejected our request due to an error in our request: missing path "${path}"`, 'Invalid'));
  }
  return value;
}

function remove(doc: unknown, path: string): unknown {
  const value = read(doc, path);
  const { parent, key } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

function add(doc: unknown, path: string, value: unknown, replace: boolean): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return structuredClone(value);
  if (replace) read(doc, path);
  const { parent, key } = parentOf(doc, tokens, path);
  const copy = structuredClone(value);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    parent.splice(index, replace ? 1 : 0, copy);
  } else {
    parent[key] = copy;
  }
  return doc;
}

/** RFC 6902, applied to a copy. */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const raw of operations as Operation[]) {
    switch (raw.op) {
      case 'add': doc = add(doc, raw.path, raw.value, false); break;
      case 'replace': doc = add(doc, raw.path, raw.value, true); break;
      case 'remove': remove(doc, raw.path); break;
      case 'move': doc = add(doc, raw.path, remove(doc, raw.from ?? ''), false); break;
      case 'copy': doc = add(doc, raw.path, read(doc, raw.from ?? ''), false); break;
      case 'test':
        if (JSON.stringify(read(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw new StatusError(failure(422, `the server rejected our request due to an error in our request: testing value ${raw.path} failed`, 'Invalid'));
        }
        break;
      default: throw badRequest(`Unexpected kind: ${String(raw.op)}`);
    }
  }
  return doc;
}
