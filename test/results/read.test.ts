import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkResultText, expandGlobs, globToRegExp, readResults } from '../../src/results/read.ts';
import { makeResult, seal } from '../report/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const good = makeResult({ name: 'baseline' });
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('a valid result file is read back whole, extra keys kept', async () => {
  const withExtra = seal({ ...good, futureField: { a: 1 } });
  const p = write('ok.json', JSON.stringify(withExtra, null, 2));
  const { ok, skipped } = await readResults([p]);
  assert.deepEqual(skipped, []);
  assert.equal(ok.length, 1);
  assert.equal(ok[0].path, p);
  assert.equal(ok[0].result.name, 'baseline');
  assert.deepEqual((ok[0].result as unknown as Record<string, unknown>).futureField, { a: 1 });
});

test('corrupt and foreign files are skipped with their name and the reason', async () => {
  const handEdited = JSON.parse(JSON.stringify(good));
  handEdited.summary.r2.mean = 0.99; // a "better" score typed in by hand
  const newer = seal({ ...good, schemaVersion: 2 });
  const wrongShape = seal({ ...good, perFold: [{ index: 0 }] });
  const files = {
    'truncated.json': JSON.stringify(good).slice(0, 4000),
    'foreign.json': JSON.stringify({ name: 'some-package', version: '1.0.0' }),
    'array.json': '[1, 2, 3]',
    'edited.json': JSON.stringify(handEdited),
    'newer.json': JSON.stringify(newer),
    'shape.json': JSON.stringify(wrongShape),
    'empty.json': '',
  };
  const paths = Object.entries(files).map(([n, t]) => write(n, t));
  const missing = join(dir, 'missing.json');
  const { ok, skipped } = await readResults([...paths, missing]);
  assert.equal(ok.length, 0);
  const reason = (name: string) => skipped.find((s) => s.path === join(dir, name))?.reason ?? 'NOT SKIPPED';
  assert.match(reason('truncated.json'), /^not valid JSON \(truncated/);
  assert.match(reason('foreign.json'), /not a hurdle-lab result: expected kind "hurdle-lab\/result", found no "kind" field/);
  assert.match(reason('array.json'), /not a hurdle-lab result/);
  assert.equal(reason('edited.json'), 'checksum mismatch: edited by hand or corrupted');
  assert.match(reason('newer.json'), /^written by a newer hurdle-lab \(schema 2\); upgrade/);
  assert.match(reason('shape.json'), /does not match the result schema: perFold\[0\]\.repeat/);
  assert.equal(reason('empty.json'), 'empty file');
  assert.equal(reason('missing.json'), 'file not found');
});

test('checkResultText: a checksum-valid file with a wrong kind value is named by its kind', () => {
  const r = checkResultText(JSON.stringify({ kind: 'mlflow/run' }));
  assert.deepEqual(r, { reason: 'not a hurdle-lab result: expected kind "hurdle-lab/result", found kind "mlflow/run"' });
});

test('expandGlobs: literal patterns, directories, ignored temp and bench files', async () => {
  const sub = join(dir, 'globs');
  mkdirSync(sub);
  for (const n of ['a-1.json', 'a-2.json', 'b.json', '.a-3.json.tmp', '.hidden.json', 'bench-2025.json', 'notes.txt']) writeFileSync(join(sub, n), '{}');

  const star = await expandGlobs([join(sub, 'a-*.json')]);
  assert.deepEqual(star.paths, [join(sub, 'a-1.json'), join(sub, 'a-2.json')]);

  const q = await expandGlobs([join(sub, '?.json')]);
  assert.deepEqual(q.paths, [join(sub, 'b.json')]);

  const all = await expandGlobs([join(sub, '*.json')]);
  assert.deepEqual(all.paths, [join(sub, 'a-1.json'), join(sub, 'a-2.json'), join(sub, 'b.json')]);
  assert.deepEqual(all.ignored, [join(sub, 'bench-2025.json')], 'dot files are not matched by *, bench files are ignored');

  const asDir = await expandGlobs([sub]);
  assert.deepEqual(asDir.paths, [join(sub, 'a-1.json'), join(sub, 'a-2.json'), join(sub, 'b.json')]);
  assert.deepEqual(asDir.ignored.sort(), [join(sub, '.hidden.json'), join(sub, 'bench-2025.json')]);

  // The shell already expanded: bench and temp files named explicitly are still ignored; duplicates collapse.
  const explicit = await expandGlobs([join(sub, 'b.json'), join(sub, 'b.json'), join(sub, 'bench-2025.json')]);
  assert.deepEqual(explicit.paths, [join(sub, 'b.json')]);
  assert.deepEqual(explicit.ignored, [join(sub, 'bench-2025.json')]);

  const none = await expandGlobs([join(sub, 'zzz*.json'), join(dir, 'nope', '*.json'), join(dir, '*', 'x.json')]);
  assert.deepEqual(none.paths, []);
  assert.deepEqual(none.unmatched.map((u) => u.reason), [
    'no file matches this pattern',
    `directory ${join(dir, 'nope')} not found`,
    'wildcards are only supported in the file-name part (let the shell expand the rest)',
  ]);
});

test('globToRegExp escapes regex characters', () => {
  assert.ok(globToRegExp('run(1)+.json').test('run(1)+.json'));
  assert.ok(!globToRegExp('a.json').test('abjson'));
  assert.ok(globToRegExp('*').test(''));
});
