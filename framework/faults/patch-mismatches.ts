import type { PatchType } from '../cluster/cluster-access.js';

/** A field of a patch that the object read back does not show. */
export interface PatchMismatch {
  /** `spec.template.spec.containers[name=web].livenessProbe.httpGet.path` */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

/** One value a patch sets (or, for null, removes). */
export interface PatchLeaf {
  readonly path: string;
  readonly value: unknown;
}

type JsonRecord = Record<string, unknown>;

/**
 * Where `live`, an object read back after `patch` was applied, differs from the patch. Every leaf
 * of the patch must be there with its value, and a null must have removed its field.
 * - Merge patches replace lists whole: the list must hold the patch's items, in order.
 * - Strategic patches merge lists of named items (containers, env, volumes) by name, so such items are
 *   matched by `name`. Other lists may be merged by another key (ports) or replaced (args): each of the
 *   patch's items must be in the list.
 * Directives (`$patch`, `$setElementOrder/...`, `$retainKeys`) are instructions, not fields: only
 * `$patch: delete` is checked, as the absence of what it deletes.
 *
 * @example patchMismatches({ spec: { replicas: 3 } }, deployment, 'merge') // => [{ path: 'spec.replicas', expected: '3', found: '2' }]
 */
export function patchMismatches(patch: unknown, live: unknown, type: PatchType): PatchMismatch[] {
  const found: PatchMismatch[] = [];
  compare(patch, live, '', type, found);
  return found;
}

/** `spec.replicas: expected 3, found 2` */
export function describeMismatch(mismatch: PatchMismatch): string {
  return `${mismatch.path}: expected ${mismatch.expected}, found ${mismatch.found}`;
}

/** The values a patch sets, with their paths; directives are left out. */
export function patchLeaves(patch: unknown, type: PatchType, path = ''): PatchLeaf[] {
  if (isRecord(patch)) {
    return Object.entries(patch).filter(([key]) => !isDirective(key)).flatMap(([key, value]) => patchLeaves(value, type, childPath(path, key)));
  }
  if (Array.isArray(patch)) {
    const items = patch.filter((item) => !isDirectiveItem(item));
    if (items.length === 0) return [{ path, value: [] }];
    if (type !== 'strategic' || !allNamed(items)) return items.flatMap((item, index) => patchLeaves(item, type, `${path}[${index}]`));
    // The name addresses the item; an item that is only a name (or a $patch directive) is itself the leaf.
    return items.flatMap((item) => {
      const { name: _name, ...fields } = item;
      const leaves = patchLeaves(fields, type, namedPath(path, item));
      return leaves.length > 0 ? leaves : [{ path: namedPath(path, item), value: item }];
    });
  }
  return [{ path, value: patch }];
}

/** `spec.replicas=3`, `metadata.labels.tier=null`. */
export function describeLeaf(leaf: PatchLeaf): string {
  return `${leaf.path}=${show(leaf.value)}`;
}

function compare(want: unknown, have: unknown, path: string, type: PatchType, out: PatchMismatch[]): void {
  if (want === null) {
    if (have !== undefined && have !== null) out.push({ path, expected: 'no value (null removes the field)', found: show(have) });
    return;
  }
  if (isRecord(want)) {
    if (type === 'strategic' && want.$patch === 'delete') {
      if (have !== undefined) out.push({ path, expected: 'no value ($patch: delete)', found: show(have) });
      return;
    }
    if (have !== undefined && !isRecord(have)) {
      out.push({ path, expected: 'a mapping', found: show(have) });
      return;
    }
    for (const [key, value] of Object.entries(want)) {
      if (!isDirective(key)) compare(value, isRecord(have) ? have[key] : undefined, childPath(path, key), type, out);
    }
    return;
  }
  if (Array.isArray(want)) {
    const items = want.filter((item) => !isDirectiveItem(item));
    if (items.length === 0) {
      // The API server leaves empty lists out of what it returns; merging no items changes nothing.
      if (type === 'merge' && Array.isArray(have) && have.length > 0) out.push({ path, expected: 'an empty list', found: show(have) });
      return;
    }
    if (!Array.isArray(have)) {
      out.push({ path, expected: `a list ${show(items)}`, found: have === undefined ? 'no value' : show(have) });
      return;
    }
    if (type === 'merge') compareReplacedList(items, have, path, type, out);
    else compareMergedList(items, have, path, type, out);
    return;
  }
  if (have !== want) out.push({ path, expected: show(want), found: have === undefined ? 'no value' : show(have) });
}

function compareReplacedList(want: unknown[], have: unknown[], path: string, type: PatchType, out: PatchMismatch[]): void {
  if (have.length !== want.length) {
    out.push({ path, expected: `${count(want.length)} (the patch replaces the list)`, found: `${count(have.length)}: ${show(have)}` });
    return;
  }
  want.forEach((item, index) => compare(item, have[index], `${path}[${index}]`, type, out));
}

function compareMergedList(want: unknown[], have: unknown[], path: string, type: PatchType, out: PatchMismatch[]): void {
  if (allNamed(want)) {
    for (const item of want) {
      const at = namedPath(path, item);
      const match = have.find((candidate) => isRecord(candidate) && candidate.name === item.name);
      if ((item as JsonRecord).$patch === 'delete') {
        if (match !== undefined) out.push({ path: at, expected: 'no such item ($patch: delete)', found: 'it is still there' });
      } else if (match === undefined) {
        const names = have.flatMap((candidate) => (isRecord(candidate) && typeof candidate.name === 'string' ? [candidate.name] : []));
        out.push({ path: at, expected: `an item named "${item.name}"`, found: names.length > 0 ? `only ${names.map((n) => `"${n}"`).join(', ')}` : 'an empty list' });
      } else {
        compare(item, match, at, type, out);
      }
    }
    return;
  }
  want.forEach((item, index) => {
    if (!have.some((candidate) => patchMismatches(item, candidate, type).length === 0)) {
      out.push({ path: `${path}[${index}]`, expected: `the list to hold ${show(item)}`, found: show(have) });
    }
  });
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isDirective(key: string): boolean {
  return key.startsWith('$');
}

/** `{ $patch: replace }` in a strategic list: an instruction about the list, not an item. */
function isDirectiveItem(item: unknown): boolean {
  return isRecord(item) && Object.keys(item).length > 0 && Object.keys(item).every(isDirective);
}

function allNamed(items: unknown[]): items is Array<JsonRecord & { name: string }> {
  return items.length > 0 && items.every((item) => isRecord(item) && typeof item.name === 'string');
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

function childPath(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function namedPath(path: string, item: { name: string }): string {
  return `${path}[name=${item.name}]`;
}

function count(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}

/** A value for a message: JSON, cut short. */
function show(value: unknown): string {
  const text = value instanceof Date ? JSON.stringify(value.toISOString()) : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
