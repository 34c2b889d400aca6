/**
 * Hostile experiment YAML: thousands of mutants of the shipped experiments must each end in a
 * config that passes a deep sanity check, or in a UserError naming the file (and the line, when
 * the offending key is in the file). Any other throw — or a NaN/Infinity/unsafe integer passed on
 * as valid — fails the property, and fast-check prints the seed and the shrunk counterexample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { applySweepPoint, loadExperiment, sweepPoints } from '../../src/config/load.ts';
import { formatKeyPath, type KeyPath } from '../../src/config/keys.ts';
import { isUserError, type UserError } from '../../src/errors.ts';
import { checkConfig, Outcomes } from './sanity.ts';
import { hostileRaw, hostileValue, keyName, RAW, type Hostile } from './hostile-yaml.ts';

const EXPERIMENTS = fileURLToPath(new URL('../../experiments/', import.meta.url));
const SHIPPED = readdirSync(EXPERIMENTS).filter((f) => f.endsWith('.yaml')).sort();
const BASES = SHIPPED.map((f) => parseYaml(readFileSync(path.join(EXPERIMENTS, f), 'utf8')) as Record<string, unknown>);
// Fixed for CI; FC_SEED / FC_RUNS explore further locally (a failure prints the seed to replay).
const SEED = Number(process.env.FC_SEED ?? 20261125);
const RUNS = Number(process.env.FC_RUNS ?? 2000);

type ObjOp =
  | { kind: 'set'; pick: number; value: Hostile }
  | { kind: 'delete'; pick: number }
  | { kind: 'add'; pick: number; name: string; value: Hostile }
  | { kind: 'extends'; target: unknown }
  | { kind: 'sweep'; pick: number; values: Hostile[] };
type TextOp =
  | { kind: 'bom' | 'crlf' | 'multiDoc' }
  | { kind: 'tab' | 'dupLine'; line: number }
  | { kind: 'indent'; line: number; delta: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: number[] };
interface Plan {
  base: number;
  ops: ObjOp[];
  text: TextOp[];
  /** Replaces the whole document (empty, scalar, list, nesting bomb, alias bomb...). */
  whole: string | null;
}

// ---- applying a plan -------------------------------------------------------------------------

const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Every key path in `v` (containers and leaves), parents before children. */
function pathsOf(v: unknown, at: KeyPath = []): KeyPath[] {
  const out: KeyPath[] = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push([...at, i], ...pathsOf(x, [...at, i])));
  else if (isMapping(v)) for (const [k, x] of Object.entries(v)) out.push([...at, k], ...pathsOf(x, [...at, k]));
  return out;
}

function valueAt(root: unknown, p: KeyPath): unknown {
  let node = root;
  for (const seg of p) node = (node as Record<string | number, unknown>)[seg];
  return node;
}

function parentOf(root: unknown, p: KeyPath): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const seg of p.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  return node;
}

// defineProperty, so that a generated `__proto__` key is a key and not a prototype change.
function put(container: Record<string | number, unknown>, key: string | number, value: unknown): void {
  if (Array.isArray(container) && typeof key === 'number') container[key] = value;
  else Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Raw YAML fragments go in through placeholders, replaced after stringifying. */
function materialise(h: Hostile, raws: string[]): unknown {
  if (h && typeof h === 'object' && RAW in h) {
    raws.push((h as { [RAW]: string })[RAW]);
    return `RAWFRAGMENT${raws.length - 1}X`;
  }
  return structuredClone(h);
}

function applyOps(plan: Plan, raws: string[]): Record<string, unknown> {
  const doc = structuredClone(BASES[plan.base]);
  for (const op of plan.ops) {
    const all = pathsOf(doc);
    if (op.kind === 'set' && all.length) {
      const p = all[op.pick % all.length];
      put(parentOf(doc, p), p[p.length - 1], materialise(op.value, raws));
    } else if (op.kind === 'delete' && all.length) {
      const p = all[op.pick % all.length];
      const parent = parentOf(doc, p);
      if (Array.isArray(parent)) parent.splice(p[p.length - 1] as number, 1);
      else delete parent[p[p.length - 1]];
    } else if (op.kind === 'add') {
      const maps = [doc, ...all.map((p) => valueAt(doc, p)).filter(isMapping)];
      put(maps[op.pick % maps.length], op.name, materialise(op.value, raws));
    } else if (op.kind === 'extends') {
      put(doc, 'extends', op.target);
    } else if (op.kind === 'sweep') {
      const leaves = all.filter((p) => typeof p[0] === 'string' && p[0] !== 'sweep' && p[0] !== 'extends').map((p) => formatDotted(p));
      const key = leaves.length ? leaves[op.pick % leaves.length] : 'seed';
      const sweep = isMapping(doc.sweep) ? doc.sweep : {};
      put(sweep, key, op.values.map((v) => materialise(v, raws)));
      doc.sweep = sweep;
    }
  }
  return doc;
}

/** `--set`/sweep spelling of a path: dots, and [i] for list items. */
const formatDotted = (p: KeyPath) => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');

/** Text ops that change which line a key is on (after them, line numbers are not checked). */
const SHIFTS_LINES = new Set(['dupLine', 'truncate', 'multiDoc']);

function render(plan: Plan): { bytes: Buffer; doc: Record<string, unknown> | null; linesKept: boolean } {
  if (plan.whole !== null) return { bytes: Buffer.from(plan.whole, 'utf8'), doc: null, linesKept: false };
  const raws: string[] = [];
  const doc = applyOps(plan, raws);
  let text = stringifyYaml(doc, { lineWidth: 0 }).replace(/RAWFRAGMENT(\d+)X/g, (_, i) => raws[Number(i)]);
  let bytes: Buffer | null = null;
  for (const op of plan.text) {
    const lines = text.split('\n');
    const at = (n: number) => n % Math.max(1, lines.length);
    if (op.kind === 'bom') text = `\uFEFF${text}`;
    else if (op.kind === 'crlf') text = text.replace(/\r?\n/g, '\r\n');
    else if (op.kind === 'multiDoc') text += '---\nname: second\n';
    else if (op.kind === 'tab') lines[at(op.line)] = lines[at(op.line)].replace(/^ */, '\t');
    else if (op.kind === 'indent') {
      const i = at(op.line);
      lines[i] = op.delta > 0 ? ' '.repeat(op.delta) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-op.delta}}`), '');
    } else if (op.kind === 'dupLine') lines.splice(at(op.line), 0, lines[at(op.line)]);
    else if (op.kind === 'truncate') text = text.slice(0, op.at % (text.length + 1));
    if (op.kind === 'tab' || op.kind === 'indent' || op.kind === 'dupLine') text = lines.join('\n');
    if (op.kind === 'bytes') {
      // Raw bytes (invalid UTF-8, NUL) inside a line, never a newline, so line numbers stay put.
      const buf = Buffer.from(text, 'utf8');
      const pos = op.at % (buf.length + 1);
      bytes = Buffer.concat([buf.subarray(0, pos), Buffer.from(op.bytes), buf.subarray(pos)]);
      text = bytes.toString('latin1'); // keeps later text ops byte-for-byte
    }
  }
  const final = bytes && plan.text.at(-1)?.kind === 'bytes' ? bytes : Buffer.from(text, plan.text.some((o) => o.kind === 'bytes') ? 'latin1' : 'utf8');
  return { bytes: final, doc, linesKept: !plan.text.some((o) => SHIFTS_LINES.has(o.kind)) };
}

// ---- generators ------------------------------------------------------------------------------

const objOp: fc.Arbitrary<ObjOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: fc.oneof(hostileValue, hostileRaw) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), name: keyName, value: fc.oneof(hostileValue, hostileRaw) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extends' as const),
      target: fc.oneof(
        fc.constantFrom('missing.yaml', 'mutant.yaml', 'cycle-b.yaml', 'sub', 'garbage.bin', '', ' ', '/', '../../../../../../etc/passwd', 'baseline.yaml', 'ziln.yaml', 'sub/../hurdle.yaml'),
        hostileValue,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('sweep' as const),
      pick: fc.nat(),
      values: fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.oneof(hostileValue, hostileRaw), { maxLength: 4 }) },
        // Long axes: several of them multiply into millions of runs.
        { weight: 1, arbitrary: fc.integer({ min: 10, max: 5000 }).map((n) => Array.from({ length: n }, (_, i) => i + 1)) },
      ),
    }),
  },
);

const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({ kind: fc.constantFrom('bom' as const, 'crlf' as const, 'multiDoc' as const) }),
  fc.record({ kind: fc.constantFrom('tab' as const, 'dupLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), delta: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.constantFrom<number[]>([0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x00], [0x80, 0x81], [0xef, 0xbb, 0xbf], [0xf4, 0x90, 0x80, 0x80]),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 6 }),
    ),
  }),
);

const nested = (depth: number, open: string, close: string) => `features: ${open.repeat(depth)}${close.repeat(depth)}\n`;
const aliasBomb = (levels: number) =>
  ['a0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: levels }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n') + '\n';

const wholeDoc: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '\n', '   \n\n', '# only a comment\n', '\uFEFF', '42\n', 'hello\n', 'null\n', '~\n', 'true\n', '.nan\n', '- a\n- b\n', '[1, 2]\n',
    '"just a string"\n', '---\n', '...\n', '{}\n', '[]\n', '!!binary AAAA\n', '&a [*a]\n', '*a\n', '--- |\n  text\n', '? [a, b]\n: 1\n', '~: 1\n',
    'features: {numeric: [a]}\n[x]: 1\n', '{a: 1}: 2\n', 'name: x\nname: y\n', 'features:\n  numeric: [a]\n  numeric: [b]\n', '\0\0\0', '%YAML 1.1\n---\nseed: 0o17\n',
    '%YAML 9.9\n---\nseed: 1\n', 'seed: !!js/function "function(){}"\n', 'features:\n  numeric: [a]\nseed: <<\n'),
  fc.integer({ min: 50, max: 5000 }).chain((d) => fc.constantFrom(nested(d, '[', ']'), nested(d, '{a: ', '}'), `features:\n${Array.from({ length: Math.min(d, 2000) }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')}\n`)),
  fc.integer({ min: 2, max: 8 }).map(aliasBomb),
  fc.integer({ min: 1000, max: 50000 }).map((n) => `name: ${'a'.repeat(n)}\nfeatures:\n  numeric: ['${'b'.repeat(n)}']\n`),
);

const plan: fc.Arbitrary<Plan> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      base: fc.nat({ max: BASES.length - 1 }),
      ops: fc.array(objOp, { minLength: 0, maxLength: 4 }),
      text: fc.oneof({ weight: 3, arbitrary: fc.constant<TextOp[]>([]) }, { weight: 2, arbitrary: fc.array(textOp, { minLength: 1, maxLength: 3 }) }),
      whole: fc.constant(null),
    }),
  },
  { weight: 1, arbitrary: fc.record({ base: fc.constant(0), ops: fc.constant<ObjOp[]>([]), text: fc.constant<TextOp[]>([]), whole: wholeDoc as fc.Arbitrary<string | null> }) },
);

// ---- the property ----------------------------------------------------------------------------

test(`hostile experiment YAML: a sane config or a UserError naming the file (${RUNS} cases, seed ${SEED})`, { timeout: 180_000 }, (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hl-rel-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of SHIPPED) copyFileSync(path.join(EXPERIMENTS, f), path.join(dir, f));
  writeFileSync(path.join(dir, 'cycle-b.yaml'), 'extends: mutant.yaml\n');
  writeFileSync(path.join(dir, 'garbage.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0a, 0x3a, 0x3a, 0x5b]));
  mkdirSync(path.join(dir, 'sub'));
  const mutant = path.join(dir, 'mutant.yaml');
  const outcomes = new Outcomes();

  fc.assert(
    fc.property(plan, (p) => {
      const { bytes, doc, linesKept } = render(p);
      writeFileSync(mutant, bytes);
      let loaded;
      try {
        loaded = loadExperiment(mutant);
      } catch (e) {
        if (!isUserError(e)) throw new Error(`non-UserError ${(e as Error)?.name}: ${(e as Error)?.message}\nfile head: ${JSON.stringify(bytes.subarray(0, 300).toString('latin1'))}`);
        outcomes.count(e.code);
        checkUserError(e, dir, bytes, doc, linesKept);
        return;
      }
      outcomes.count('valid');
      checkConfig(loaded.config);
      const points = sweepPoints(loaded.config.sweep);
      // Load-time sweep validation promises every point runs; hold it to that (small sweeps only).
      if (points.length <= 256) for (const point of points) checkConfig(applySweepPoint(loaded.config, point));
    }),
    { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
  );
  console.log(`config.property: ${outcomes.summary()}`);
  assert.ok(outcomes.get('valid') > RUNS * 0.02, 'the generator must also produce valid configs, or it only tests the error path');
  assert.ok(outcomes.get('CONFIG_SYNTAX') > 0 && outcomes.get('CONFIG_INVALID') > 0 && outcomes.get('CONFIG_UNKNOWN_KEY') > 0 && outcomes.get('CONFIG_EXTENDS') > 0);
});

function checkUserError(e: UserError, dir: string, bytes: Buffer, doc: Record<string, unknown> | null, linesKept: boolean): void {
  const ctx = `${e.code}: ${e.message}`;
  // One paragraph per problem: the first, then "  also: ..." lines (every problem is listed, up to a cap).
  const paragraphs = e.message.split('\n');
  assert.ok(paragraphs.slice(1).every((l) => /^  (also: |\.\.\. and \d+ more)/.test(l)) && !/\bat .+:\d+:\d+\)?/.test(e.message), `one paragraph per problem, no stack: ${ctx}`);
  assert.ok(e.details.file, `names a file: ${ctx}`);
  assert.ok(e.message.includes(e.details.file!), `the message shows the file: ${ctx}`);
  const file = path.resolve(e.details.file!);
  assert.ok(file.startsWith(dir + path.sep) || file === '/etc/passwd', `the file is the mutant or a file it extends: ${ctx}`);
  if (file !== path.join(dir, 'mutant.yaml')) return;

  const lines = bytes.toString('utf8').split(/\r?\n/);
  if (e.details.line !== undefined) {
    assert.ok(Number.isInteger(e.details.line) && e.details.line >= 1 && e.details.line <= lines.length, `line within the file: ${ctx}`);
  }
  if (e.code === 'CONFIG_SYNTAX' && !/several YAML documents/.test(e.message)) assert.ok(e.details.line, `a syntax error has a line: ${ctx}`);
  // A key that the mutant itself writes must be pointed at, on its own line.
  if (!doc || !linesKept || !e.details.key || (e.code !== 'CONFIG_INVALID' && e.code !== 'CONFIG_UNKNOWN_KEY' && e.code !== 'CONFIG_EXTENDS')) return;
  // Sweep errors name the swept key but point at the sweep value's line, by design.
  if (/\(in sweep point |\bsweep (names|goes below|cannot set)/.test(e.message)) return;
  const written = pathsOf(doc).find((p) => formatKeyPath(p) === e.details.key);
  if (!written) return;
  assert.ok(e.details.line, `a key written in the file has a line: ${ctx}`);
  const last = written[written.length - 1];
  if (typeof last === 'string' && /^[A-Za-z_][\w.]*$/.test(last)) {
    assert.ok(lines[e.details.line! - 1].includes(last), `line ${e.details.line} (${JSON.stringify(lines[e.details.line! - 1])}) holds \`${last}\`: ${ctx}`);
  }
}
