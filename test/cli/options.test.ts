/** The options several commands share: one check, one message, whichever command parses them. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { runFoldsCommand } from '../../src/cli/folds.ts';
import { runScoreCommand } from '../../src/cli/score.ts';
import { oneExperimentFile, parseSeed, parseWorkers, setArgs } from '../../src/cli/options.ts';
import { isUserError } from '../../src/errors.ts';
import { repoRoot } from '../run/helpers.ts';

const usage = (pattern: RegExp, key?: string) => (e: unknown) => isUserError(e) && e.code === 'CLI_USAGE' && pattern.test(e.message) && (key === undefined || e.details.key === key);

test('parseSeed: non-negative safe integers only; the message names the flag and the text', () => {
  assert.equal(parseSeed(undefined), undefined);
  assert.equal(parseSeed('0'), 0);
  assert.equal(parseSeed(' 42 '), 42);
  for (const bad of ['abc', '-1', '1.5', '1e3', '', '9007199254740993']) {
    assert.throws(() => parseSeed(bad), (e: unknown) => usage(/bad --seed value\. Expected a non-negative integer such as 42/, '--seed')(e) && (e as Error).message.includes(`got ${JSON.stringify(bad)}.`), bad);
  }
});

test('parseWorkers: a positive integer or auto', () => {
  assert.equal(parseWorkers(undefined), undefined);
  assert.equal(parseWorkers('auto'), 'auto');
  assert.equal(parseWorkers('3'), 3);
  for (const bad of ['0', '-2', '1.5', 'many']) assert.throws(() => parseWorkers(bad), usage(/bad --workers value/, '--workers'), bad);
});

test('oneExperimentFile: exactly one positional, else a usage error with the command\'s usage', () => {
  assert.equal(oneExperimentFile(['a.yaml'], 'x'), 'a.yaml');
  assert.throws(() => oneExperimentFile([], 'npm run folds -- e.yaml'), (e: unknown) => usage(/no experiment file given/)(e) && (e as { details: { hint?: string } }).details.hint === 'Usage: npm run folds -- e.yaml');
  assert.throws(() => oneExperimentFile(['a.yaml', 'b.yaml'], 'x'), usage(/expected one experiment file, got 2/));
  assert.deepEqual(setArgs(['a=1', 'b=2']), ['--set', 'a=1', '--set', 'b=2']);
});

// Before the shared options, folds and score parsed --seed as a number: "abc" became NaN.
for (const [name, run, extra] of [
  ['folds', runFoldsCommand, ['--out', '/nonexistent/folds.csv']],
  ['score', runScoreCommand, ['--predictions', '/nonexistent/oof.csv', '--name', 'x']],
] as const) {
  test(`npm run ${name} -- --seed abc: the flag and the text, exit 2, not NaN`, async () => {
    let err = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } };
    assert.equal(await run([`${repoRoot}/experiments/baseline.yaml`, '--seed', 'abc', ...extra], io), 2);
    assert.match(err, /^error: `--seed`: bad --seed value\. Expected a non-negative integer such as 42, got "abc"\.\n$/);
    assert.doesNotMatch(err, /NaN/);
  });
}
