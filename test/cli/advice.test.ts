/** Error advice that does not go in a circle, and a hint for a CSV that is not comma-separated. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runExpCommand } from '../../src/cli/exp.ts';
import { makeFolds } from '../../src/cv/folds.ts';
import { loadCsv } from '../../src/data/csv.ts';
import { makeRng } from '../../src/seeds.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-advice-'));

test('one buyer: stratified folds do not send a hurdle user to stratify: none, which the hurdle model would send back', async () => {
  const y = new Float64Array(300);
  y[17] = 5e6;
  let stratified = '';
  try {
    makeFolds(y, { k: 3, repeats: 1, stratify: 'purchase', seed: 1 });
  } catch (e) {
    stratified = (e as Error).message;
  }
  assert.match(stratified, /only 1 buyer/);
  assert.match(stratified, /one-part models only.*hurdle and ziln need a buyer in every training fold/);

  // Follow that advice with a hurdle model anyway: the hurdle error must not point back at stratified folds alone.
  const rng = makeRng(3);
  const lines = ['pages,revenue', ...Array.from({ length: 300 }, (_, i) => `${1 + Math.floor(rng() * 9)},${i === 17 ? 5000000 : ''}`)];
  writeFileSync(join(dir, 'one.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'one.yaml'), 'data:\n  source: csv\n  path: one.csv\n  target: revenue\nfeatures:\n  numeric: [pages]\nmodel:\n  type: hurdle\n  purchaseHead: [4]\n  amountHead: [4]\ntrain:\n  epochs: 1\ncv:\n  folds: 3\n  stratify: none\n  workers: 1\n');
  let stderr = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) } } as never;
  const code = await runExpCommand([join(dir, 'one.yaml'), '--out', join(dir, 'r'), '--quiet'], io).catch((e: Error) => ((stderr += e.message), 2));
  assert.notEqual(code, 0, 'the hurdle model refuses a training fold without buyers');
  assert.match(stderr, /no buyers in the training fold/);
});

test('a semicolon-separated file: the one-column header comes with a hint about the delimiter', async () => {
  writeFileSync(join(dir, 'semi.csv'), 'pages;device;revenue\n3;mobile;\n5;desktop;12\n');
  await assert.rejects(
    loadCsv(join(dir, 'semi.csv'), { columns: [{ name: 'pages', kind: 'numeric' }], target: 'revenue' }),
    /one column, "pages;device;revenue".*separated by ";".*comma-separated/,
  );
});
