import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import test from 'node:test';
import { parse } from 'csv-parse/sync';
import { runResultsCommand } from '../../src/cli/results.ts';
import { oofPathFor, writeOof } from '../../src/results/oof.ts';
import { writeResultAtomic } from '../../src/results/write.ts';
import { makeResult } from '../report/fixtures.ts';
import { tempDir } from '../run/helpers.ts';

const io = { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr: new Writable({ write: (_c, _e, done) => done() }) };

async function resultWithOof(dir: string, twoPart: boolean) {
  const { checksum: _c, ...body } = makeResult({ name: twoPart ? 'hurdle' : 'mlp', modelType: twoPart ? 'hurdle' : 'mlp', k: 2, repeats: 1, rows: 4 });
  const file = await writeResultAtomic(dir, body);
  const folds = [
    { repeat: 0, fold: 0, rows: [3, 0], prediction: [0.1, 1 / 3], ...(twoPart ? { purchaseProb: [0.01, 0.5], amount: [10, 2 / 3] } : {}) },
    { repeat: 0, fold: 1, rows: [1, 2], prediction: [1e-17, 123456789.125], ...(twoPart ? { purchaseProb: [0, 1], amount: [0, 123456789.125] } : {}) },
  ];
  const oof = await writeOof(oofPathFor(file), folds);
  // The result must reference its side file; rewrite it (sealed again) with the reference.
  const sealed = await writeResultAtomic(dir, { ...body, oof } as typeof body, { overwrite: 'replace' });
  return sealed;
}

for (const twoPart of [false, true]) {
  test(`results oof exports the side file as plain CSV, exact doubles${twoPart ? ', two-part columns' : ''}`, async () => {
    const dir = tempDir('hl-results-');
    const file = await resultWithOof(dir, twoPart);
    const out = path.join(dir, 'out.csv');
    assert.equal(await runResultsCommand(['oof', file, '--out', out], io), 0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]), twoPart ? ['row', 'repeat', 'fold', 'prediction', 'purchaseProb', 'amount'] : ['row', 'repeat', 'fold', 'prediction']);
    assert.deepEqual(rows.map((r) => Number(r.row)), [0, 1, 2, 3]);
    assert.deepEqual(rows.map((r) => Number(r.prediction)), [1 / 3, 1e-17, 123456789.125, 0.1]);
    if (twoPart) assert.equal(Number(rows[0].amount), 2 / 3);
  });
}

test('a tampered side file or a result without one is an error naming the file (exit 2); nothing is written', async () => {
  const dir = tempDir('hl-results-');
  const file = await resultWithOof(dir, false);
  writeFileSync(oofPathFor(file), 'not gzip');
  const out = path.join(dir, 'out.csv');
  const run = async (argv: string[]) => {
    let stderr = '';
    const code = await runResultsCommand(argv, { stdout: io.stdout, stderr: { write: (s: string) => (stderr += s) } });
    return { code, stderr };
  };
  const tampered = await run(['oof', file, '--out', out]);
  assert.equal(tampered.code, 2);
  assert.match(tampered.stderr, /^error: .*sha256/);
  assert.ok(tampered.stderr.includes('.oof.csv.gz'));
  const { checksum: _c, ...plain } = makeResult({ name: 'old', legacy: true });
  const old = await writeResultAtomic(dir, plain);
  const legacy = await run(['oof', old, '--out', out]);
  assert.equal(legacy.code, 2);
  assert.ok(legacy.stderr.startsWith(`error: ${old}`), legacy.stderr);
  assert.match(legacy.stderr, /has no out-of-fold predictions to export/);
  assert.throws(() => readFileSync(out), /ENOENT/);
});

test('our run → --oof CSV → npm run score gives back exactly the run\'s fold metrics (hurdle, two-part columns)', async () => {
  const { runExpCommand } = await import('../../src/cli/exp.ts');
  const { runScoreCommand } = await import('../../src/cli/score.ts');
  const { repoRoot, SMALL } = await import('../run/helpers.ts');
  const dir = tempDir('hl-oof-');
  const experiment = path.join(repoRoot, 'experiments/hurdle.yaml');
  const sets = [...SMALL, 'model.purchaseHead=[16]', 'model.amountHead=[16]'].flatMap((s) => ['--set', s]);
  const csv = path.join(dir, 'ours.csv');
  const quiet = { ...io, signal: undefined };
  assert.equal(await runExpCommand([experiment, ...sets, '--out', path.join(dir, 'runs'), '--workers', '1', '--backend', 'wasm', '--quiet', '--oof', csv], quiet), 0);
  const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]), ['row', 'repeat', 'fold', 'prediction', 'purchaseProb', 'amount']);
  assert.equal(rows.length, 1500);
  assert.equal(await runScoreCommand([experiment, ...sets, '--predictions', csv, '--name', 'rescored', '--out', path.join(dir, 'scored')], io), 0);
  const read = (d: string) => JSON.parse(readFileSync(path.join(dir, d, readdirSync(path.join(dir, d)).find((f) => f.endsWith('.json'))!), 'utf8'));
  const ours = read('runs');
  const rescored = read('scored');
  assert.equal(rescored.folds.fingerprint, ours.folds.fingerprint);
  assert.deepEqual(rescored.perFold.map((f: { metrics: unknown }) => f.metrics), ours.perFold.map((f: { metrics: unknown }) => f.metrics));
});
