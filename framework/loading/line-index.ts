/** A 1-based place in a text file, as editors and compilers print it. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Turns zero-based offsets into 1-based line and column. Line breaks are `\n`, `\r\n` and a lone
 * `\r`, as in YAML; columns count UTF-16 code units, as editors do for the BMP.
 *
 * @example new LineIndex('a: 1\nb: 2').position(6) // => { line: 2, column: 2 }
 */
export class LineIndex {
  /** Offset at which each line starts. */
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) this.starts.push(i + 1);
    }
  }

  position(offset: number): TextPosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}
