import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { getModel, MODEL_TYPES } from '../../src/models/registry.ts';

test('every registered model is found under its own type', () => {
  for (const known of ['mlp', 'hurdle', 'ziln']) assert.ok(MODEL_TYPES.includes(known as never), known);
  assert.equal(new Set(MODEL_TYPES).size, MODEL_TYPES.length, 'names are unique');
  for (const t of MODEL_TYPES) assert.equal(getModel(t).type, t);
  assert.equal(getModel('mlp').twoPart, false);
  assert.equal(getModel('hurdle').twoPart, true);
  assert.equal(getModel('ziln').twoPart, true);
});

for (const [name, suggestion] of [['hurdel', 'hurdle'], ['xgboost', null], ['toString', null]] as const) {
  test(`unknown model ${JSON.stringify(name)} lists the valid names`, () => {
    assert.throws(
      () => getModel(name),
      (e: unknown) =>
        isUserError(e) &&
        e.code === 'REGISTRY_MISS' &&
        e.message.includes(MODEL_TYPES.map((t) => JSON.stringify(t)).join(', ')) &&
        (suggestion ? e.message.includes(`Did you mean "${suggestion}"?`) : !e.message.includes('Did you mean')),
    );
  });
}
