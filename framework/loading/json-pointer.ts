/**
 * JSON Pointers (RFC 6901) as ajv reports them (`/spec/steps/2/expect`), and the dotted form people
 * read in messages (`spec.steps[2].expect`).
 */

export function childPointer(pointer: string, segment: string | number): string {
  return `${pointer}/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The pointer one level up; undefined for the root. */
export function parentPointer(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

/** Whether `pointer` is `ancestor` or lies below it. */
export function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/**
 * A path relative to some object, as plugins write it (`target/selector`, `target.selector`,
 * `between[1]`), appended to `base`.
 */
export function joinRelativePath(base: string, relative: string): string {
  const segments = relative.replace(/\[(\d+)\]/g, '/$1').split(/[/.]/).filter((s) => s !== '');
  return segments.reduce<string>((pointer, segment) => childPointer(pointer, segment), base);
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * `spec.steps[2].expect.restarts.within`. Segments that index a list in `document` print as `[n]`;
 * keys that are not identifiers print quoted: `metadata.labels["app.kubernetes.io/name"]`.
 */
export function dottedPath(pointer: string, document?: unknown): string {
  let text = '';
  let node: unknown = document;
  for (const segment of pointerSegments(pointer)) {
    const isIndex = Array.isArray(node) || (node === undefined && /^\d+$/.test(segment));
    if (isIndex) text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return text;
}

/** The part of `root` that `pointer` names, or undefined when there is none. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return node;
}
