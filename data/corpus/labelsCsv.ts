import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ATTRIBUTES, LABEL_COLUMN, type Attribute } from '../attributes.js';
import { CorpusError } from './corpusError.js';

export const LABEL_COLUMNS = ATTRIBUTES.map((a) => LABEL_COLUMN[a]);
export type LabelColumn = (typeof LABEL_COLUMN)[Attribute];
export type Labels = Partial<Record<LabelColumn, number>>;

/** One data row of a labels CSV, with the line it ends on (1 is the header). */
export interface LabelsCsvRow {
  line: number;
  cells: Record<string, string>;
}

export interface LabelScale {
  min: number;
  max: number;
}

/**
 * Reads a labels CSV (`,` or `;` separated). Line endings are made uniform first: csv-parse takes
 * the first line's ending for the whole file, so a file that switches from CRLF to LF part-way
 * would merge rows.
 */
export async function readLabelsCsv(path: string): Promise<LabelsCsvRow[]> {
  if (!existsSync(path)) throw new CorpusError(`labels CSV not found: ${path}`);
  const text = (await readFile(path, 'utf8')).replace(/\r\n?/g, '\n');
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true, delimiter, relax_column_count: true, info: true });
  } catch (e) {
    throw new CorpusError(`labels CSV ${path} cannot be parsed: ${(e as Error).message}`);
  }
  const header = records.length ? Object.keys(records[0].record) : firstLine.split(delimiter).map((h) => h.trim());
  if (!header.includes('FileName')) throw new CorpusError(`labels CSV ${path} has no FileName column (columns: ${header.join(', ') || 'none'})`);
  return records.map((r) => ({ line: r.info.lines, cells: r.record }));
}

/** Plain decimal notation only: Number() would also take hex (0x10), binary and "Infinity". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The labels of a row, or why they cannot be used. An empty cell is "no label". */
function parseLabels(cells: Record<string, string>, scale: LabelScale): { labels: Labels } | { problem: string } {
  const labels: Labels = {};
  const problems: string[] = [];
  for (const column of LABEL_COLUMNS) {
    const text = cells[column];
    if (text === undefined || text === '') continue;
    if (!DECIMAL.test(text)) {
      const hint = /^[+-]?\d+,\d+$/.test(text) ? ` (decimal comma: write ${text.replace(',', '.')})` : '';
      problems.push(`non-numeric label ${column}="${text}"${hint}`);
      continue;
    }
    const value = Number(text);
    if (value < scale.min || value > scale.max) problems.push(`label ${column}=${text} outside corpus.labelScale ${scale.min} to ${scale.max}`);
    else labels[column] = value;
  }
  return problems.length ? { problem: problems.join('; ') } : { labels };
}

export interface ResolvedLabels {
  /** The usable row and labels of each labelled file. */
  labelled: Map<string, { cells: Record<string, string>; labels: Labels }>;
  /** Rows that cannot be used; `file` is set when the row names an existing file, which is then left out of the run. */
  rejected: { file?: string; name: string; reason: string }[];
  warnings: string[];
}

/**
 * Checks every row and matches it to a file under `audioDir` (`fileOf`). A file listed on several
 * rows keeps its labels only when the rows are identical (a warning); rows that disagree are all
 * rejected, since which one is right is unknown. Reasons name the CSV and line.
 */
export function resolveLabelRows(
  rows: readonly LabelsCsvRow[],
  csvPath: string,
  scale: LabelScale,
  audioDir: string,
  fileOf: (name: string) => string | undefined,
): ResolvedLabels {
  const csv = basename(csvPath);
  const result: ResolvedLabels = { labelled: new Map(), rejected: [], warnings: [] };
  const rowsOfFile = new Map<string, LabelsCsvRow[]>();
  for (const row of rows) {
    const name = row.cells.FileName ?? '';
    const file = fileOf(name);
    if (file === undefined) result.rejected.push({ name: name || '(empty FileName)', reason: `listed in ${csv} but no such file under ${audioDir} (line ${row.line})` });
    else rowsOfFile.set(file, [...(rowsOfFile.get(file) ?? []), row]);
  }
  for (const [file, fileRows] of rowsOfFile) {
    const name = fileRows[0].cells.FileName;
    const reject = (row: LabelsCsvRow, reason: string) => result.rejected.push({ file, name, reason: `${csv} line ${row.line}: ${reason}` });
    const [first, ...others] = fileRows;
    const lines = fileRows.map((r) => r.line).join(', ');
    if (others.some((r) => JSON.stringify(r.cells) !== JSON.stringify(first.cells))) {
      for (const row of fileRows) reject(row, `${name} has conflicting label rows (lines ${lines})`);
      continue;
    }
    if (others.length) result.warnings.push(`${csv}: ${name} is listed on lines ${lines} with identical values, used once`);
    const parsed = parseLabels(first.cells, scale);
    if ('problem' in parsed) reject(first, parsed.problem);
    else result.labelled.set(file, { cells: first.cells, labels: parsed.labels });
  }
  return result;
}
