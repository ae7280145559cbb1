/**
 * @module
 * What the CLI prints: aligned tables and short lines for people, or JSON (`--json`) for scripts.
 * Everything goes through an Output, so tests read exactly what a person would see.
 */

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

const width = (text: string) => [...text].length;

/** An aligned text table with a header row; cells are cut at 60 characters. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
    const flat = text.replace(/\s+/g, ' ');
    return width(flat) > 60 ? `${[...flat].slice(0, 59).join('')}…` : flat;
  };
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(width(column), ...cells.map((r) => width(r[i]!))));
  const line = (values: readonly string[]) => values.map((v, i) => v + ' '.repeat(widths[i]! - width(v))).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
