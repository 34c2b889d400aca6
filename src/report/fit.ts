/**
 * Make a table and its prose fit a terminal `width` columns wide, whatever columns the report
 * has (nothing here knows metric names). A grid is tried as it is; then with its constant columns
 * moved into a note ("test: paired, n=5 in every row"); then transposed, when the caller allows
 * it (a few runs × many metrics reads well as metrics × runs); and last it is wrapped: the
 * columns are cut into blocks that fit, each block repeating the key columns.
 */
import type { Grid, GridCell } from './table.ts';

export interface FitOptions {
  width: number;
  /** Leading columns repeated in every block of a wrapped table (e.g. run, metric). */
  keyColumns?: number;
  /** Try metrics-as-rows before wrapping. */
  transpose?: boolean;
}

export type GridRenderer = (grid: Grid) => string;

const textWidth = (s: string) => [...s].length;
const widest = (text: string) => Math.max(0, ...text.split('\n').map(textWidth));

/** Metrics as rows, runs as columns: the first column's cells become the header. */
export function transposeGrid(grid: Grid): Grid {
  const header = [grid.header[0] === 'run' ? '' : grid.header[0], ...grid.rows.map((r) => r[0].text)];
  const rows = grid.header.slice(1).map((h, j): GridCell[] => [{ text: h }, ...grid.rows.map((r) => r[j + 1])]);
  return { header, align: ['l', ...grid.rows.map(() => 'r' as const)], rows };
}

/** Columns (after the keys) whose every cell has the same text, when there are at least two rows. */
function constantColumns(grid: Grid, keys: number): number[] {
  if (grid.rows.length < 2) return [];
  return grid.header
    .map((_, i) => i)
    .filter((i) => i >= keys && grid.rows.every((r) => r[i].text === grid.rows[0][i].text && (!r[i].style || r[i].style === 'dim')));
}

function pick(grid: Grid, columns: number[]): Grid {
  return { header: columns.map((i) => grid.header[i]), align: columns.map((i) => grid.align[i]), rows: grid.rows.map((r) => columns.map((i) => r[i])) };
}

/** The grid as text no wider than `width` where at all possible; notes say what moved where. */
export function fitGrid(grid: Grid, render: GridRenderer, opts: FitOptions): string {
  const { width } = opts;
  const keys = Math.min(opts.keyColumns ?? 1, grid.header.length);
  const plain = render(grid);
  if (widest(plain) <= width) return plain;

  const constant = constantColumns(grid, keys);
  let g = grid;
  let note = '';
  if (constant.length) {
    const kept = grid.header.map((_, i) => i).filter((i) => !constant.includes(i));
    g = { ...pick(grid, kept), droppable: (grid.droppable ?? []).map((i) => kept.indexOf(i)).filter((i) => i >= 0) };
    note = `\n(same in every row: ${constant.map((i) => `${grid.header[i]} ${grid.rows[0][i].text}`).join('; ')})`;
    const folded = render(g);
    if (widest(folded) <= width) return folded + note;
  }
  const droppable = (g.droppable ?? []).filter((i) => i >= keys && i < g.header.length);
  if (droppable.length) {
    const names = droppable.map((i) => g.header[i]);
    g = { ...pick(g, g.header.map((_, i) => i).filter((i) => !droppable.includes(i))), droppable: [] };
    note += `\n(${names.join(', ')} hidden to fit ${width} columns; --wide shows ${names.length > 1 ? 'them' : 'it'})`;
    const slim = render(g);
    if (widest(slim) <= width) return slim + note;
  }
  if (opts.transpose) {
    const t = render(transposeGrid(grid));
    if (widest(t) <= width) return t;
  }
  // Wrap: greedy blocks of columns that fit beside the key columns.
  const keyIdx = g.header.map((_, i) => i).slice(0, keys);
  const rest = g.header.map((_, i) => i).slice(keys);
  const blocks: number[][] = [];
  let current: number[] = [];
  for (const i of rest) {
    const trial = [...current, i];
    if (current.length && widest(render(pick(g, [...keyIdx, ...trial]))) > width) {
      blocks.push(current);
      current = [i];
    } else current = trial;
  }
  if (current.length) blocks.push(current);
  const text = blocks.map((b) => render(pick(g, [...keyIdx, ...b]))).join('\n\n');
  return text + note;
}

/**
 * Wrap one line of prose at spaces to `width`, continuation lines indented like the first plus
 * two. Words longer than the width stay whole (a path is not cut in the middle).
 */
export function wrapLine(line: string, width: number): string {
  if (textWidth(line) <= width) return line;
  const indent = /^\s*/.exec(line)![0];
  const cont = `${indent}  `;
  const words = line.slice(indent.length).split(' ');
  const out: string[] = [];
  let cur = indent;
  for (const w of words) {
    const sep = cur.trim() ? ' ' : '';
    if (cur.trim() && textWidth(cur) + 1 + textWidth(w) > width) {
      out.push(cur);
      cur = cont + w;
    } else cur += sep + w;
  }
  out.push(cur);
  return out.join('\n');
}

/**
 * A shell command over several lines with `\` continuations, broken only at spaces outside
 * quotes, so the copied text still runs.
 */
export function wrapCommand(line: string, width: number): string {
  if (textWidth(line) <= width) return line;
  const indent = /^\s*/.exec(line)![0];
  const parts: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of line.slice(indent.length)) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ' ') {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur);
  const out: string[] = [];
  let row = indent;
  for (const p of parts) {
    if (row.trim() && textWidth(row) + 1 + textWidth(p) + 2 > width) {
      out.push(`${row} \\`);
      row = `${indent}    ${p}`;
    } else row += (row.trim() ? ' ' : '') + p;
  }
  out.push(row);
  return out.join('\n');
}
