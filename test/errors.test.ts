import assert from 'node:assert/strict';
import test from 'node:test';
import { closest, describeValue, formatUserError, isUserError, registryMiss, UserError } from '../src/errors.ts';

test('a UserError reads as one paragraph: where, what, expected vs found, how to fix', () => {
  const e = new UserError('CONFIG_INVALID', 'must be a positive integer.', {
    file: 'experiments/x.yaml',
    line: 12,
    key: 'model.hidden[1]',
    expected: 'a positive integer',
    found: '0',
    hint: 'Use a layer width such as 64.',
  });
  assert.equal(e.message, 'experiments/x.yaml:12 `model.hidden[1]`: must be a positive integer. Expected a positive integer, got 0. Use a layer width such as 64.');
  assert.ok(isUserError(e) && !isUserError(new Error('x')));
  assert.doesNotMatch(formatUserError('a\n  b', {}), /\n/);
});

test('registryMiss lists the valid names and suggests the closest', () => {
  const e = registryMiss('model type', 'hurdel', ['mlp', 'hurdle', 'ziln']);
  assert.equal(e.code, 'REGISTRY_MISS');
  assert.match(e.message, /unknown model type "hurdel"\. Expected one of "mlp", "hurdle", "ziln", got "hurdel"\. Did you mean "hurdle"\?/);
  assert.doesNotMatch(registryMiss('model type', 'transformer', ['mlp', 'hurdle']).message, /Did you mean/);
});

test('closest only suggests plausible typos; describeValue quotes and cuts', () => {
  assert.equal(closest('trian', ['name', 'train', 'cv']), 'train');
  assert.equal(closest('xyzzy', ['name', 'train', 'cv']), undefined);
  assert.equal(describeValue('abc'), '"abc"');
  assert.equal(describeValue([1, 2]), 'a list of 2');
  assert.equal(describeValue({}), 'a mapping');
  assert.ok(describeValue('x'.repeat(100)).length < 70);
});
