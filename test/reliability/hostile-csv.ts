/**
 * A generator of hostile CSV files that knows what it wrote: the rows, the expected typed value of
 * every loaded cell, and the physical line and kind of every fault it planted.
 */
import fc from 'fast-check';
import type { ColumnKind } from '../../src/data/types.ts';

export type Role = ColumnKind | 'target' | 'extra';
export type Expected = number | string | null;
/** `raw` is written verbatim (a quoting fault); otherwise `text` is quoted as needed. */
export interface Cell {
  text: string;
  value: Expected | 'bad';
  raw?: string;
  quoteAlways?: boolean;
}
type RowFault = 'none' | 'short' | 'long' | 'spaces' | 'badCell' | 'quoteInside' | 'junkAfterQuote' | 'unclosed' | 'encoding';
export interface Row {
  cells: Cell[];
  fault: RowFault;
  blankBefore: boolean;
  badBytes: number[];
}
export interface Table {
  header: string[];
  roles: Role[];
  rows: Row[];
  eol: '\n' | '\r\n' | 'mixed';
  trailingEol: boolean;
  bom: boolean;
  whole: 'normal' | 'empty' | 'headerOnly' | 'blankOnly' | 'dupHeader' | 'noTarget';
}

const NOT_AVAILABLE = 'not available in demo dataset';
const MISSING_NUMERIC = ['', NOT_AVAILABLE, '(not set)', '(none)', 'NaN', 'nan', 'null', 'NA', ' NaN '];
const c = (text: string, value: Expected | 'bad'): Cell => ({ text, value });

const numericCell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1e6, max: 1e9 }).map((n) => c(String(n), n)) },
  { weight: 3, arbitrary: fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((x) => c(String(x), Number(String(x)))) },
  { weight: 3, arbitrary: fc.constantFrom(...MISSING_NUMERIC).map((t) => c(t, NaN)) },
  { weight: 2, arbitrary: fc.constantFrom(c(' 7 ', 7), c('1e3', 1000), c('-0', -0), c('+5', 5), c('.5', 0.5), c('5.', 5), c('1e18', 1e18), c('-1e18', -1e18), c('0.0', 0)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('Infinity', '-Infinity', 'inf', '1e999', '-1e999', '1e308', '-1.1e18', '0x1A', '0b1', 'abc', '1,5', '\0', '1\u00002', 'True', '١٢', '1_000', '--1', '1e', '∞').map((t) => c(t, 'bad')),
  },
);
const booleanCell = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(c('True', 1), c('False', 0), c('true', 1), c('false', 0), c('1', 1), c('0', 0), c('1.0', 1), c('0.0', 0), c('', NaN), c('(not set)', NaN), c(' TRUE ', 1)) },
  { weight: 1, arbitrary: fc.constantFrom('yes', 'no', '2', '-1', 'T', 'NaNx', '\0').map((t) => c(t, 'bad')) },
);
const datetimeCell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1_400_000_000, max: 1_800_000_000 }).map((s) => c(String(s), s)) },
  { weight: 2, arbitrary: fc.constantFrom(c('20170508', Date.UTC(2017, 4, 8) / 1000), c('2017-05-08', Date.UTC(2017, 4, 8) / 1000), c('2017-05-08T14:03:00Z', Date.UTC(2017, 4, 8, 14, 3) / 1000), c('', NaN), c(NOT_AVAILABLE, NaN)) },
  { weight: 1, arbitrary: fc.constantFrom('tomorrow', '2017-13-45', '2017-02-30T25:00:00Z', 'Infinity', '1e999', '\0').map((t) => c(t, 'bad')) },
);
const categoricalText = fc.oneof(
  { weight: 250, arbitrary: fc.constantFrom('Organic Search', 'Direct', '(not set)', '(none)', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' padded ', '\0', 'nul\0inside', '🙂', 'é', '"', '""', ',', 'NaN', 'Infinity', '=cmd()', '\t') },
  { weight: 150, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
  { weight: 50, arbitrary: fc.constantFrom('', NOT_AVAILABLE) },
  // Rare, but long enough to straddle the loader's 1 MiB read chunks.
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 1_500_000 }).map((n) => 'L'.repeat(n)) },
);
const categoricalCell = categoricalText.map((t) => c(t, t === '' || t === NOT_AVAILABLE ? null : t));
const targetCell = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(c('', 0), c('0', 0), c('0.0', 0)) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 1e10 }).map((n) => c(String(n * 10_000), n * 10_000)) },
  // Present but not a purchase value: a missing-value token would silently turn a buyer into a non-buyer.
  { weight: 1, arbitrary: fc.constantFrom('-1', '-2500000', 'Infinity', '1e999', 'abc', '-0.5', NOT_AVAILABLE, 'NaN', '(not set)', '1e300', '2e15').map((t) => c(t, 'bad')) },
);
const cellOf: Record<Role, fc.Arbitrary<Cell>> = {
  numeric: numericCell,
  boolean: booleanCell,
  datetime: datetimeCell,
  categorical: categoricalCell,
  target: targetCell,
  extra: categoricalText.map((t) => c(t, t)),
};

const NAMES = ['totals.hits', 'pageViews', 'device.isMobile', 'sessionStart', 'channelGrouping', 'geoNetwork.city', 'a,b', 'say "x"', ' sp ', 'ünï', 'x'];

/** Rows whose cells come from the "good" part of each pool, so that valid files are common. */
const goodOnly = (arb: fc.Arbitrary<Cell>) => arb.filter((x) => x.value !== 'bad');

export function tableArb(): fc.Arbitrary<Table> {
  return fc
    .record({
      features: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 }),
      kinds: fc.array(fc.constantFrom<Role>('numeric', 'boolean', 'datetime', 'categorical', 'extra'), { minLength: 5, maxLength: 5 }),
      targetAt: fc.nat(),
      nRows: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 13, max: 300 }) }),
      targetMode: fc.constantFrom('random', 'allZero', 'allEmpty', 'singleBuyer'),
      constantColumn: fc.boolean(),
      faultRate: fc.constantFrom(0, 0, 0.02, 0.1),
      eol: fc.constantFrom('\n' as const, '\r\n' as const, 'mixed' as const),
      trailingEol: fc.boolean(),
      bom: fc.boolean(),
      whole: fc.oneof(
        { weight: 16, arbitrary: fc.constant('normal' as const) },
        { weight: 1, arbitrary: fc.constantFrom('empty' as const, 'headerOnly' as const, 'blankOnly' as const, 'dupHeader' as const, 'noTarget' as const) },
      ),
      seed: fc.nat(),
    })
    .chain((s) => {
      const header = [...s.features];
      const roles: Role[] = header.map((_, i) => s.kinds[i]);
      const t = s.targetAt % (header.length + 1);
      header.splice(t, 0, 'purchaseValue');
      roles.splice(t, 0, 'target');
      const rowArb = fc.record({
        cells: fc.tuple(...roles.map((r) => fc.oneof({ weight: 9, arbitrary: goodOnly(cellOf[r]) }, { weight: 1, arbitrary: cellOf[r] }))),
        quoteAlways: fc.array(fc.boolean(), { minLength: roles.length, maxLength: roles.length }),
        fault: fc.constantFrom<RowFault>('short', 'long', 'spaces', 'badCell', 'quoteInside', 'junkAfterQuote', 'unclosed', 'encoding'),
        faulty: fc.double({ min: 0, max: 1, noNaN: true }),
        pick: fc.nat(),
        badCell: fc.nat(),
        blankBefore: fc.double({ min: 0, max: 1, noNaN: true }),
        badBytes: fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xfe, 0xff], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]),
      });
      return fc.array(rowArb, { minLength: s.nRows, maxLength: s.nRows }).map((specs) => {
        const constantCells = new Map<number, Cell>();
        const rows: Row[] = specs.map((r, ri) => {
          const cells: Cell[] = r.cells.map((cell, ci) => ({ ...cell, quoteAlways: r.quoteAlways[ci] }));
          // Degenerate-but-legal columns: a constant feature column, an all-zero/empty target, one buyer.
          if (s.constantColumn && roles[0] !== 'target') cells[0] = constantCells.get(0) ?? (constantCells.set(0, cells[0]), cells[0]);
          if (s.targetMode !== 'random' && cells[t].value !== 'bad') {
            cells[t] = s.targetMode === 'allEmpty' ? c('', 0) : s.targetMode === 'singleBuyer' && ri === s.seed % s.nRows ? c('2500000', 2_500_000) : c('0', 0);
          }
          let fault: RowFault = r.faulty < s.faultRate ? r.fault : 'none';
          if (fault === 'badCell') {
            const loaded = roles.map((role, i) => i).filter((i) => roles[i] === 'numeric' || roles[i] === 'boolean' || roles[i] === 'datetime' || roles[i] === 'target');
            const i = loaded[r.badCell % loaded.length];
            cells[i] = { text: roles[i] === 'target' ? '-1' : 'Infinity', value: 'bad' };
          }
          const i = r.pick % cells.length;
          if (fault === 'quoteInside') cells[i] = { text: 'ab"c', value: 'bad', raw: 'ab"c' };
          if (fault === 'junkAfterQuote') cells[i] = { text: 'abc', value: 'bad', raw: '"abc"x' };
          if (fault === 'unclosed') cells[i] = { text: 'abc', value: 'bad', raw: '"abc' };
          if (cells.some((x) => x.value === 'bad') && fault === 'none') fault = 'badCell';
          return { cells, fault, blankBefore: r.blankBefore < 0.05, badBytes: [...r.badBytes] };
        });
        return { header, roles, rows, eol: s.eol, trailingEol: s.trailingEol, bom: s.bom, whole: s.whole };
      });
    });
}

export function quoteField(text: string, always = false): string {
  return always || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface Written {
  bytes: Buffer;
  /** Physical line each data row starts on. */
  lines: number[];
  /** Header as the loader should read it, null if there is none. */
  header: string[] | null;
}

/** Serialise a table; line numbers are counted on what is actually written. */
export function writeTable(tb: Table): Written {
  if (tb.whole === 'empty') return { bytes: Buffer.from(tb.bom ? '\uFEFF' : ''), lines: [], header: null };
  const parts: Buffer[] = [];
  let line = 1;
  let k = 0;
  const eol = () => (tb.eol === 'mixed' ? (k++ % 2 ? '\r\n' : '\n') : tb.eol);
  const emit = (s: string) => {
    parts.push(Buffer.from(s, 'utf8'));
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) line++;
  };
  const header = [...tb.header];
  if (tb.whole === 'dupHeader') header[header.length - 1] = header[0];
  if (tb.whole === 'noTarget') header[header.indexOf('purchaseValue')] = 'purchase_value';
  if (tb.bom) parts.push(Buffer.from('\uFEFF', 'utf8'));
  const rows = tb.whole === 'headerOnly' || tb.whole === 'blankOnly' ? [] : tb.rows;
  emit(header.map((h) => quoteField(h)).join(','));
  if (tb.whole === 'blankOnly') emit(`${eol()}${eol()}  `.replace(/ +$/, ''));
  const lines: number[] = [];
  rows.forEach((row, ri) => {
    emit(eol());
    if (row.blankBefore) emit(eol());
    lines.push(line);
    if (row.fault === 'encoding') parts.push(Buffer.from(row.badBytes));
    let fields = row.cells.map((cell) => cell.raw ?? quoteField(cell.text, cell.quoteAlways));
    // A short row must still be a record: a lone empty field would be a blank line, which is skipped.
    if (row.fault === 'short') fields = fields.length === 2 && fields[0] === '' ? ['""'] : fields.slice(0, -1);
    if (row.fault === 'long') fields = [...fields, 'extra'];
    emit(row.fault === 'spaces' ? '   ' : fields.join(','));
    if (ri === rows.length - 1 && tb.trailingEol) emit(eol());
  });
  if (!rows.length && tb.trailingEol) emit(eol());
  return { bytes: Buffer.concat(parts), lines, header: tb.whole === 'normal' || tb.whole === 'headerOnly' || tb.whole === 'blankOnly' ? tb.header : header };
}
