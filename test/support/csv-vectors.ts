/** The DingusPPC vector files' shared shape: comma-separated lines, `#` comments, blank lines. */
export interface CsvLine {
  /** 1-based line number in the file, for failure messages. */
  readonly line: number;
  readonly cells: readonly string[];
}

export function csvLines(text: string): CsvLine[] {
  return text
    .split("\n")
    .map((raw, index) => ({ raw: raw.trim(), line: index + 1 }))
    .filter(({ raw }) => raw !== "" && !raw.startsWith("#"))
    .map(({ raw, line }) => ({ line, cells: raw.split(",") }));
}

/** `key=value` cells as a map (the value is everything after the first `=`). */
export function keyValues(cells: readonly string[]): Map<string, string> {
  return new Map(
    cells.map((cell) => {
      const at = cell.indexOf("=");
      return [cell.slice(0, at), cell.slice(at + 1)] as const;
    }),
  );
}
