import { YAMLException } from 'js-yaml';
import { LineIndex, type TextPosition } from './line-index.js';
import type { ScenarioProblem } from './problems.js';
import { unclosedDelimiter } from './unclosed-delimiter.js';

/** A mapping key written twice: where, and where it was first. */
export interface DuplicateKey {
  readonly key: string;
  readonly first: TextPosition;
  readonly second: TextPosition;
}

const START: TextPosition = { line: 1, column: 1 };

/**
 * Turns a YAML parser error into a problem that says what to change, where to change it:
 * an unclosed quote or bracket is reported where it opens (the parser notices lines later),
 * a duplicated key names the key and both places, and common slips get a hint
 * (tabs, `: ` inside a plain value, custom tags).
 * `findDuplicate` is asked only for a duplicated key (it needs the parsed events).
 */
export function yamlSyntaxProblem(error: unknown, source: string, file: string, findDuplicate: () => DuplicateKey | undefined): ScenarioProblem {
  const problem = (at: TextPosition, message: string): ScenarioProblem => ({ code: 'yaml-syntax', file, ...at, path: '', message: `invalid YAML: ${message}` });
  if (!(error instanceof YAMLException)) {
    return { code: 'yaml-syntax', file, ...START, path: '', message: `cannot parse YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const lines = new LineIndex(source);
  const offset = error.mark?.position ?? 0;
  const at: TextPosition = { line: (error.mark?.line ?? 0) + 1, column: (error.mark?.column ?? 0) + 1 };
  const reason = error.reason ?? error.message;

  if (/duplicated mapping key/.test(reason)) {
    const duplicate = findDuplicate();
    if (duplicate) {
      return problem(duplicate.second, `key "${duplicate.key}" is written twice in one mapping; line ${duplicate.first.line}, column ${duplicate.first.column} has it first (expected each key once)`);
    }
  }
  const unclosed = unclosedDelimiter(source, offset);
  const opened = unclosed === undefined ? undefined : lines.position(unclosed.offset);
  // Only when the parser ran on past the opener's line (or to the end): a mistake inside a
  // bracket on its own line (an unknown alias) is that mistake, not the bracket.
  if (unclosed && opened && (opened.line < at.line || /end of the stream/.test(reason))) {
    const what = unclosed.opener === '"' || unclosed.opener === "'" ? `quote ${unclosed.opener}` : `"${unclosed.opener}"`;
    return problem(opened, `the ${what} opened here is never closed; expected a closing ${unclosed.closer} (the parser gave up at line ${at.line}, column ${at.column}: ${reason})`);
  }
  const sourceLines = source.split(/\r\n|\r|\n/);
  return problem(at, `${reason}${hintFor(reason, sourceLines, at)}`);
}

function hintFor(reason: string, sourceLines: readonly string[], at: TextPosition): string {
  const lineText = sourceLines[at.line - 1] ?? '';
  const column = at.column;
  if (/^[ ]*\t/.test(lineText)) return ' (indent with spaces: YAML does not allow tabs for indentation)';
  if (/unknown (scalar |sequence |mapping )?tag/.test(reason)) {
    return ' (Faultline reads plain YAML: custom tags such as !include are not supported; write the value itself, and list manifest files under spec.manifests)';
  }
  // `description: Liveness probe failed: HTTP probe failed` reads as a key inside a value.
  const plainValue = /^(\s*(?:- )?[^\s:#'"][^:#]*?):[ \t]+([^\s'"[{|>].*)$/.exec(lineText);
  if (/bad indentation of a mapping entry/.test(reason) && plainValue && plainValue[2]!.includes(': ') && column > plainValue[1]!.length) {
    return ` (the value of "${plainValue[1]!.trim().replace(/^- /, '')}" contains ": ", which YAML reads as another key; put the value in quotes)`;
  }
  if (/unidentified alias/.test(reason)) {
    return ' (a value starting with * names an anchor (&name) defined earlier in the file; expected such an anchor, or quote the value)';
  }
  if (/bad indentation of a mapping entry/.test(reason) && /^\s*- /.test(lineText)) {
    return ' (a list item "- ..." among the keys of a mapping: write every entry as key: value, or make every entry a list item)';
  }
  if (/bad indentation of a (mapping|sequence) entry/.test(reason)) {
    const previous = sourceLines.slice(0, at.line - 1).findLast((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    const indent = (text: string): number => /^ */.exec(text)![0].length;
    if (previous !== undefined && indent(lineText) !== indent(previous)) {
      return ` (this line is indented ${indent(lineText)} spaces and the one above ${indent(previous)}: entries of one mapping or list line up, and what belongs under a key is indented deeper than the key)`;
    }
  }
  return '';
}
