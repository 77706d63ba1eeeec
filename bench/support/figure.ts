/**
 * One figure of the performance issue: what was measured, its target, and the ratio to it. A figure
 * that could not be measured says why instead of showing a number.
 */
export interface Figure {
  /** What it is: `verdict latency p99, fake API server`. */
  readonly name: string;
  /** The measured value in `unit`, or why there is none. */
  readonly value: number | { readonly notMeasured: string };
  readonly unit: 'ms' | 's' | 'MB' | '%' | 'requests' | 'watches' | 'ratio';
  /** The value must be at most this (`targetText` says it in words when the target is computed). */
  readonly target?: number;
  readonly targetText?: string;
  /** Context for the reader: sample counts, what the target is made of. */
  readonly note?: string;
}

export function measured(figure: Figure): figure is Figure & { readonly value: number } {
  return typeof figure.value === 'number';
}

/** value / target: 1.0 is exactly on target, below 1 is better. Undefined when either is missing or the target is 0. */
export function ratioOf(figure: Figure): number | undefined {
  if (!measured(figure) || figure.target === undefined) return undefined;
  if (figure.target === 0) return figure.value === 0 ? 0 : undefined;
  return figure.value / figure.target;
}

export function verdictOf(figure: Figure): 'met' | 'MISSED' | '' {
  if (!measured(figure) || figure.target === undefined) return '';
  return figure.value <= figure.target ? 'met' : 'MISSED';
}

export function formatValue(value: number, unit: Figure['unit']): string {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === 'requests' || unit === 'watches' || unit === 'ratio' ? '' : ` ${unit}`}`.trim();
}

/** Rows of text cells as an aligned plain-text table. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The closing table: every figure with its target and the ratio to it. */
export function figureTable(figures: readonly Figure[]): string {
  return table(['figure', 'measured', 'target', 'ratio', 'verdict', 'note'], figures.map((figure) => {
    const ratio = ratioOf(figure);
    return [
      figure.name,
      typeof figure.value === 'number' ? formatValue(figure.value, figure.unit) : `not measured: ${figure.value.notMeasured}`,
      figure.targetText ?? (figure.target === undefined ? '' : `<= ${formatValue(figure.target, figure.unit)}`),
      ratio === undefined ? '' : ratio.toFixed(2),
      verdictOf(figure),
      figure.note ?? '',
    ];
  }));
}
