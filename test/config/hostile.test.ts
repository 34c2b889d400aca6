/** Regressions found by test/reliability/config.property.test.ts: hostile YAML that once crashed or misled. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExperiment, MAX_SWEEP_POINTS } from '../../src/config/load.ts';
import { MINIMAL, tempDir, userErrorOf } from './helpers.ts';

test('an alias bomb is a CONFIG_SYNTAX error at the first alias, not a ReferenceError', (t) => {
  const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 5; i++) levels.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  const fx = tempDir({ 'bomb.yaml': `${levels.join('\n')}\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('bomb.yaml')));
  assert.equal(err.code, 'CONFIG_SYNTAX');
  assert.match(err.message, /bomb\.yaml:2: YAML aliases expand to too many values/);
});

test('an alias without an anchor names the alias and its line', (t) => {
  const fx = tempDir({ 'x.yaml': `${MINIMAL}  log1p: [*nope]\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
  assert.equal(err.code, 'CONFIG_SYNTAX');
  assert.match(err.message, /x\.yaml:3: YAML alias \*nope has no anchor &nope before it/);
});

test('list, mapping and empty keys are refused at their line (no yaml warning, no wrong line)', (t) => {
  const fx = tempDir({
    'list.yaml': `${MINIMAL}? [a, b]\n: 3\n`,
    'map.yaml': `${MINIMAL}train:\n  {a: 1}: 2\n`,
    'null.yaml': `${MINIMAL}~: 3\n`,
  });
  t.after(fx.cleanup);
  assert.match(userErrorOf(() => loadExperiment(fx.file('list.yaml'))).message, /list\.yaml:3: a key must be a plain name such as `epochs`, got a list or mapping as a key\./);
  const map = userErrorOf(() => loadExperiment(fx.file('map.yaml')));
  assert.deepEqual([map.code, map.details.line, map.details.key], ['CONFIG_INVALID', 4, 'train']);
  assert.match(userErrorOf(() => loadExperiment(fx.file('null.yaml'))).message, /null\.yaml:3: a key must be a plain name .* got an empty key\./);
});

test('extends naming a directory points at the extends line', (t) => {
  const fx = tempDir({ 'x.yaml': `extends: sub\n${MINIMAL}`, 'sub/a.yaml': MINIMAL });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
  assert.equal(err.code, 'CONFIG_EXTENDS');
  assert.match(err.message, /x\.yaml:1 `extends`: names a directory, not an experiment file: "sub"/);
});

test(`a sweep of more than ${MAX_SWEEP_POINTS} points is refused at load, quickly`, (t) => {
  const axis = (n: number) => `[${Array.from({ length: n }, (_, i) => i + 1).join(', ')}]`;
  const fx = tempDir({
    'long.yaml': `${MINIMAL}sweep:\n  seed: ${axis(100_000)}\n`,
    'wide.yaml': `${MINIMAL}sweep:\n  seed: ${axis(9)}\n  train.epochs: ${axis(9)}\n  train.batchSize: ${axis(9)}\n  cv.repeats: ${axis(9)}\n`,
    'ok.yaml': `${MINIMAL}sweep:\n  seed: ${axis(40)}\n  train.epochs: ${axis(25)}\n`,
  });
  t.after(fx.cleanup);
  const long = userErrorOf(() => loadExperiment(fx.file('long.yaml')));
  assert.deepEqual([long.code, long.details.line, long.details.key], ['CONFIG_INVALID', 3, 'sweep']);
  assert.match(long.message, /has 100,000 points; at most 1000 runs are allowed/);
  assert.match(userErrorOf(() => loadExperiment(fx.file('wide.yaml'))).message, /`sweep`: has 9 × 9 × 9 × 9 = 6,561 points/);
  assert.equal(Object.keys(loadExperiment(fx.file('ok.yaml')).config.sweep).length, 2);
});
