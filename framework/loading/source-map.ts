import {
  constructFromEvents, CORE_SCHEMA, EVENT_ID, getScalarValue, mergeTag, parseEvents, SCALAR_STYLE,
  type DocumentEvent, type Event, type ScalarEvent,
} from 'js-yaml';
import { excessiveAliasExpansion, MAX_ALIASED_VALUES } from './alias-expansion.js';
import { childPointer, parentPointer } from './json-pointer.js';
import { LineIndex, type TextPosition } from './line-index.js';
import type { ProblemCode, ScenarioProblem } from './problems.js';
import { yamlSyntaxProblem, type DuplicateKey } from './yaml-syntax-problem.js';

/** YAML 1.2 core schema plus `<<` merge keys, which Kubernetes manifests often use. */
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);
const START: TextPosition = { line: 1, column: 1 };

/**
 * One YAML document: its value, and where each part of it was written, by JSON Pointer
 * (`/spec/steps/2/expect/restarts/within`), both for values and for mapping keys.
 *
 * @example
 * const [doc] = documents;
 * doc.valueAt('/spec/timeout') // => { line: 7, column: 12 }
 * doc.keyAt('/spec/timeout')   // => { line: 7, column: 3 }
 */
export class YamlDocument {
  constructor(
    readonly file: string,
    readonly value: unknown,
    private readonly values: ReadonlyMap<string, TextPosition>,
    private readonly keys: ReadonlyMap<string, TextPosition>,
  ) {}

  /**
   * Where the value at `pointer` was written. For a part that was not written (a missing field,
   * a part reached through an alias or merge key), the nearest enclosing value that was.
   */
  valueAt(pointer: string): TextPosition {
    for (let p: string | undefined = pointer; p !== undefined; p = parentPointer(p)) {
      const position = this.values.get(p);
      if (position) return position;
    }
    return START;
  }

  /** Where the mapping key naming `pointer` was written; the value's position when there is no key. */
  keyAt(pointer: string): TextPosition {
    return this.keys.get(pointer) ?? this.valueAt(pointer);
  }

  /** A problem pinned to the value (or, with `at: 'key'`, to the key) at `pointer`. */
  problem(code: ProblemCode, pointer: string, path: string, message: string, at: 'key' | 'value' = 'value'): ScenarioProblem {
    const { line, column } = at === 'key' ? this.keyAt(pointer) : this.valueAt(pointer);
    return { code, file: this.file, line, column, path, message };
  }
}

export type YamlParse =
  | { readonly ok: true; readonly documents: readonly YamlDocument[] }
  | { readonly ok: false; readonly problem: ScenarioProblem };

/**
 * Parses every document of `text` (one event stream, so values and positions agree), or returns
 * the syntax error as a problem that says where to fix it (see yaml-syntax-problem.ts).
 * An empty text or one with only comments has no documents. Aliases that repeat more than
 * MAX_ALIASED_VALUES values (an alias bomb) are refused before anything walks the value.
 */
export function parseYamlDocuments(text: string, file: string): YamlParse {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let events: Event[] = [];
  let values: unknown[];
  try {
    events = parseEvents(source, { filename: file });
    const bomb = excessiveAliasExpansion(events, source);
    if (bomb) {
      const at = new LineIndex(source).position(bomb.offset);
      const message = `YAML aliases repeat more than ${MAX_ALIASED_VALUES} values by here (*${bomb.anchor} and the aliases before it); expected a file that writes its values out, or repeats less through aliases`;
      return { ok: false, problem: { code: 'yaml-syntax', file, ...at, path: '', message } };
    }
    values = constructFromEvents(events, { source, filename: file, schema: SCHEMA });
  } catch (error) {
    return { ok: false, problem: yamlSyntaxProblem(error, source, file, () => findDuplicateKey(events, source)) };
  }
  const lines = new LineIndex(source);
  const documents: YamlDocument[] = [];
  let next = 0;
  while (next < events.length) {
    const indexer = new DocumentIndexer(events, next, source, lines);
    next = indexer.end;
    documents.push(new YamlDocument(file, values[documents.length], indexer.values, indexer.keys));
  }
  return { ok: true, documents };
}

/** The first key written twice in one mapping, from the parser's events. */
function findDuplicateKey(events: readonly Event[], source: string): DuplicateKey | undefined {
  const lines = new LineIndex(source);
  for (let next = 0; next < events.length;) {
    const indexer = new DocumentIndexer(events, next, source, lines);
    if (indexer.duplicate) return indexer.duplicate;
    next = indexer.end;
  }
  return undefined;
}

/** Walks one document's events, recording the position of every value and key by pointer. */
class DocumentIndexer {
  readonly values = new Map<string, TextPosition>();
  readonly keys = new Map<string, TextPosition>();
  /** Index of the first event after this document. */
  readonly end: number;
  /** The first key written twice in one mapping (which js-yaml refuses to construct). */
  duplicate?: DuplicateKey;
  private cursor: number;
  /** The last position seen, for empty scalars (`key:` with nothing after it). */
  private last: TextPosition = START;
  private readonly document: DocumentEvent;

  constructor(private readonly events: readonly Event[], start: number, private readonly source: string, private readonly lines: LineIndex) {
    this.document = events[start] as DocumentEvent;
    this.cursor = start + 1;
    while (this.current().type !== EVENT_ID.POP) this.node('');
    this.end = this.cursor + 1;
  }

  private current(): Event {
    const event = this.events[this.cursor];
    if (!event) throw new Error('unbalanced YAML event stream');
    return event;
  }

  private node(pointer: string): void {
    const event = this.current();
    this.cursor++;
    const position = this.positionOf(event);
    this.values.set(pointer, position);
    this.last = position;
    if (event.type === EVENT_ID.SEQUENCE) {
      for (let i = 0; this.current().type !== EVENT_ID.POP; i++) this.node(childPointer(pointer, i));
      this.cursor++;
    } else if (event.type === EVENT_ID.MAPPING) {
      while (this.current().type !== EVENT_ID.POP) {
        const keyEvent = this.current();
        const keyPosition = this.positionOf(keyEvent);
        this.last = keyPosition;
        // Scalar keys only: js-yaml's object-based mappings reject complex keys before we get here.
        this.cursor++;
        const key = this.keyText(keyEvent);
        const child = childPointer(pointer, key);
        // A key's pointer is its mapping's plus the key: one already indexed is the same key again.
        const first = this.keys.get(child);
        if (first !== undefined && this.duplicate === undefined && key !== '<<') this.duplicate = { key, first, second: keyPosition };
        this.keys.set(child, keyPosition);
        this.node(child);
      }
      this.cursor++;
    }
  }

  /** The key as the constructed object spells it (`1.0` becomes "1", like js-yaml does). */
  private keyText(event: Event): string {
    if (event.type !== EVENT_ID.SCALAR) return `*${event.type === EVENT_ID.ALIAS ? this.source.slice(event.anchorStart, event.anchorEnd) : ''}`;
    if (event.style !== SCALAR_STYLE.PLAIN && event.tagStart < 0) return getScalarValue(this.source, event);
    const [key] = constructFromEvents([this.document, event, { type: EVENT_ID.POP }], { source: this.source, schema: SCHEMA });
    return String(key);
  }

  private positionOf(event: Event): TextPosition {
    switch (event.type) {
      case EVENT_ID.SCALAR: return this.scalarPosition(event);
      case EVENT_ID.ALIAS: return this.at(event.anchorStart - 1);
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: return event.start >= 0 ? this.at(event.start) : this.last;
      default: return this.last;
    }
  }

  private scalarPosition(event: ScalarEvent): TextPosition {
    switch (event.style) {
      case SCALAR_STYLE.SINGLE_QUOTED:
      case SCALAR_STYLE.DOUBLE_QUOTED: return this.at(event.valueStart - 1);
      case SCALAR_STYLE.LITERAL_BLOCK:
      case SCALAR_STYLE.FOLDED_BLOCK: return this.at(this.blockIndicator(event.valueStart));
      default:
        if (event.valueStart >= 0) return this.at(event.valueStart);
        if (event.tagStart >= 0) return this.at(event.tagStart);
        if (event.anchorStart >= 0) return this.at(event.anchorStart - 1);
        return this.last;
    }
  }

  /** A block scalar's content starts on the next line; point at its `|` or `>` instead. */
  private blockIndicator(contentStart: number): number {
    let end = contentStart - 1;
    while (end >= 0 && /\s/.test(this.source[end]!)) end--;
    const lineStart = Math.max(this.source.lastIndexOf('\n', end), this.source.lastIndexOf('\r', end)) + 1;
    const header = /[|>][-+0-9]*(?=[ \t]*(#.*)?$)/.exec(this.source.slice(lineStart, end + 1));
    return header ? lineStart + header.index : contentStart;
  }

  private at(offset: number): TextPosition {
    return this.lines.position(offset);
  }
}
