import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadExperiment } from '../../src/config/load.ts';
import { isUserError } from '../../src/errors.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const load = (file: string, overrides: string[] = []) => loadExperiment(join(repo, 'experiments', file), { overrides });

test('the users-* family resolves: user-level data, grouped folds, history settings with their defaults', () => {
  const seq = load('users-sequence.yaml').config;
  assert.equal(seq.data.synthetic.mode, 'users');
  assert.equal(seq.cv.groupBy, 'userId');
  assert.deepEqual(seq.features.history, { groupBy: 'userId', time: 'sessionStart', counts: ['pageViews', 'totalHits'], amount: 'purchaseValue', aggregates: false, steps: 6 });
  assert.equal(seq.model.type, 'sequence');
  const hurdle = load('users-hurdle.yaml').config;
  assert.equal(hurdle.features.history, undefined);
  assert.equal(load('users-hurdle.yaml', ['cv.groupBy=null']).config.cv.groupBy, null);
  // Experiments that predate these keys resolve without them, so their config hash is unchanged.
  const base = load('baseline.yaml').config;
  assert.ok(!('groupBy' in base.cv) && !('history' in base.features) && !('mode' in base.data.synthetic));
});

test('a sequence model without previous sessions, or an unknown data mode, is an error naming the key', () => {
  assert.throws(() => load('users-sequence.yaml', ['features.history.steps=0']), (e: unknown) => isUserError(e) && /model\.type/.test(e.message) && /features\.history\.steps/.test(e.message));
  assert.throws(() => load('users-hurdle.yaml', ['data.synthetic.mode=people']), (e: unknown) => isUserError(e) && /data\.synthetic\.mode/.test(e.message) && /"sessions", "users", got "people"/.test(e.message));
});
