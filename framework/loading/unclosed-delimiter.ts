/** A quote or flow bracket that was opened and not closed by a given point of a YAML text. */
export interface UnclosedDelimiter {
  /** `"`, `'`, `[` or `{`. */
  readonly opener: string;
  /** What closes it. */
  readonly closer: string;
  readonly offset: number;
}

const CLOSERS: Readonly<Record<string, string>> = { '"': '"', "'": "'", '[': ']', '{': '}' };

/**
 * The innermost quote or flow bracket still open at `end`, reading YAML the way its parser does:
 * a quote opens only where a value starts (`key: "`, `- '`, `[ "`), not inside a plain value
 * (`don't`); comments and block scalars (`|`, `>`) are skipped.
 *
 * A YAML parser reports an unclosed `"` or `[` where it gives up, often lines later ("deficient
 * indentation"); this finds where the fix belongs.
 *
 * @example unclosedDelimiter('a: [1, 2\nb: 3\n', 12) // => { opener: '[', closer: ']', offset: 3 }
 */
export function unclosedDelimiter(text: string, end: number): UnclosedDelimiter | undefined {
  const open: UnclosedDelimiter[] = [];
  let valueStarts = true;
  let blockIndent: number | undefined;
  let lineStart = true;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const ch = text[i]!;
    const top = open[open.length - 1];
    if (lineStart && top === undefined) {
      lineStart = false;
      const indent = /^[ ]*/.exec(text.slice(i))![0].length;
      const blank = /^[ \t]*(#|\r?\n|$)/.test(text.slice(i));
      if (blockIndent !== undefined && (blank || indent > blockIndent)) {
        i = skipLine(text, i) - 1;
        lineStart = true;
        continue;
      }
      blockIndent = undefined;
    }
    if (ch === '\n' || ch === '\r') {
      lineStart = true;
      if (top === undefined || top.opener === '[' || top.opener === '{') valueStarts = true;
      continue;
    }
    if (top?.opener === '"') {
      if (ch === '\\') i++;
      else if (ch === '"') { open.pop(); valueStarts = false; }
      continue;
    }
    if (top?.opener === "'") {
      if (ch === "'" && text[i + 1] === "'") i++;
      else if (ch === "'") { open.pop(); valueStarts = false; }
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      i = skipLine(text, i) - 1;
      continue;
    }
    if (ch === ' ' || ch === '\t') continue;
    if (valueStarts && (ch === '"' || ch === "'")) {
      open.push({ opener: ch, closer: CLOSERS[ch]!, offset: i });
      continue;
    }
    if (valueStarts && (ch === '[' || ch === '{')) {
      open.push({ opener: ch, closer: CLOSERS[ch]!, offset: i });
      continue;
    }
    if ((ch === ']' || ch === '}') && top !== undefined && top.closer === ch) {
      open.pop();
      valueStarts = false;
      continue;
    }
    if (ch === ',' && top !== undefined) { valueStarts = true; continue; }
    const next = text[i + 1];
    const separated = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    if (ch === ':' && (separated || (top !== undefined && next === ','))) { valueStarts = true; continue; }
    if ((ch === '-' || ch === '?') && valueStarts && separated) continue;
    if (top === undefined && valueStarts && (ch === '|' || ch === '>')) {
      blockIndent = indentOfLine(text, i);
      i = skipLine(text, i) - 1;
      continue;
    }
    valueStarts = false;
  }
  return open[open.length - 1];
}

/** The offset of the line break ending the line that holds `i` (or the text's end). */
function skipLine(text: string, i: number): number {
  let j = i;
  while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
  return j;
}

function indentOfLine(text: string, i: number): number {
  const start = Math.max(text.lastIndexOf('\n', i), text.lastIndexOf('\r', i)) + 1;
  return /^[ ]*/.exec(text.slice(start))![0].length;
}
