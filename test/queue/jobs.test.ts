import assert from 'node:assert/strict';
import test from 'node:test';
import { decodeFailure, encodeUserError, foldJobId, runJobId } from '../../src/queue/jobs.ts';
import { smallExperiment } from '../run/helpers.ts';

test('job ids are a function of config, data identity, repeat and fold only', () => {
  const a = smallExperiment().config;
  const again = smallExperiment().config;
  const otherSeed = smallExperiment('baseline.yaml', [], 7).config;
  const data = { sha256: 'ab'.repeat(32) };
  const otherData = { sha256: 'cd'.repeat(32) };
  const ids = new Set<string>();
  for (const config of [a, otherSeed]) for (const d of [data, otherData]) for (const repeat of [0, 1]) for (const fold of [0, 1, 2]) ids.add(foldJobId(config, d, { repeat, fold }));
  assert.equal(ids.size, 2 * 2 * 2 * 3, 'every (config, data, repeat, fold) has its own id');
  assert.equal(foldJobId(a, data, { repeat: 1, fold: 2 }), foldJobId(again, data, { repeat: 1, fold: 2 }), 'same inputs, same id');
  assert.match(foldJobId(a, data, { repeat: 1, fold: 2 }), /^fold-[0-9a-f]{16}-abababababababab-r1-f2$/);
  assert.match(runJobId(a, data), /^run-[0-9a-f]{16}-abababababababab$/);
  for (const id of ids) assert.ok(!id.includes(':') && !/^\d+$/.test(id), 'BullMQ refuses ids with ":" or only digits');
});

test('user errors cross the queue with their code and message; other failures stay as they are', () => {
  const text = 'data.csv:3 `x`: must be a number. Expected a number, got "a".\nsecond line';
  assert.deepEqual(decodeFailure(encodeUserError('CSV_VALUE', text)), { code: 'CSV_VALUE', message: text });
  assert.deepEqual(decodeFailure('Unexpected exit code: null signal: SIGKILL'), { code: null, message: 'Unexpected exit code: null signal: SIGKILL' });
});
