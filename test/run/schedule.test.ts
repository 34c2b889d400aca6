import assert from 'node:assert/strict';
import test from 'node:test';
import { autoWorkers, makespan, resolveWorkers } from '../../src/run/schedule.ts';

test('makespan counts rounds, time-sliced beyond the core count', () => {
  assert.equal(makespan(5, 1, 2), 5);
  assert.equal(makespan(5, 2, 2), 3);
  assert.equal(makespan(5, 3, 2), 2.5);
  assert.equal(makespan(10, 2, 2), 5);
  assert.equal(makespan(3, 8, 4), 1);
});

test('auto workers: the fewest with the shortest makespan, never more than the folds', () => {
  const table: [tasks: number, cores: number, workers: number][] = [
    [5, 2, 3], // 2.5 fold-times instead of 3
    [10, 2, 2], // already balanced
    [4, 2, 2],
    [3, 2, 3], // 1.5 instead of 2
    [1, 2, 1],
    [5, 1, 1],
    [7, 4, 7], // all at once: 1.75 instead of 2
  ];
  for (const [tasks, cores, workers] of table) assert.equal(autoWorkers(tasks, cores), workers, `${tasks} folds on ${cores} cores`);
  assert.equal(resolveWorkers('auto', 5, 2), 3);
  assert.equal(resolveWorkers(8, 5, 2), 5, 'an explicit count is capped at the number of folds');
  assert.equal(resolveWorkers(1, 5, 2), 1);
});
