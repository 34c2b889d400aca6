import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encoderNames, getEncoder } from '../../src/features/registry.ts';
import { isUserError } from '../../src/errors.ts';
import { cat, dataset, featureConfig } from './fixtures.ts';

test('registry: lists exactly the three encodings, each with the right output kind', () => {
  assert.deepEqual([...encoderNames].sort(), ['embedding', 'frequency', 'onehot']);
  assert.equal(getEncoder('onehot').output, 'dense');
  assert.equal(getEncoder('frequency').output, 'dense');
  assert.equal(getEncoder('embedding').output, 'ids');
});

test('registry: a fitted state carries its encoder name and is rejected by the wrong encoder', () => {
  const d = dataset({ x: cat('a', 'b') });
  for (const name of encoderNames) assert.equal(getEncoder(name).fit(featureConfig(), d, [0, 1], 'x').step, name);
  const onehot = getEncoder('onehot').fit(featureConfig(), d, [0, 1], 'x');
  const freq = getEncoder('frequency');
  assert.ok(freq.output === 'dense');
  assert.throws(() => freq.featureNames(onehot), /frequency encoder was given a onehot state/);
});

const misses = [
  { name: 'one-hot', re: /unknown categorical encoding "one-hot"\. Expected one of "onehot", "frequency", "embedding", got "one-hot"\. Did you mean "onehot"\?/ },
  { name: 'target', re: /unknown categorical encoding "target"\. Expected one of "onehot", "frequency", "embedding", got "target"\.$/ },
  { name: 'toString', re: /unknown categorical encoding "toString"/ },
];
for (const m of misses) {
  test(`registry: unknown encoding ${JSON.stringify(m.name)} lists the valid names`, () => {
    assert.throws(
      () => getEncoder(m.name, { file: 'x.yaml', key: 'features.categorical[0].encoding' }),
      (e: unknown) => isUserError(e) && e.code === 'REGISTRY_MISS' && e.message.startsWith('x.yaml `features.categorical[0].encoding`:') && m.re.test(e.message),
    );
  });
}
