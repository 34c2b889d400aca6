/** Plain progress lines off a terminal: throttled, one per finished fold, no ETA before the first fold ends. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineProgress } from '../../src/run/progress-lines.ts';

test('lines every few seconds and per fold; the ETA waits for a finished fold', () => {
  let t = 0;
  const lines: string[] = [];
  const p = lineProgress((l) => lines.push(l), 'mine', { everyMs: 5000, now: () => t });
  p.start(4, 0);
  p.foldStarted(0);
  for (let e = 1; e <= 10; e++) {
    t += 1000;
    p.epoch(0, { epoch: e, epochs: 10, loss: 1, valLoss: null } as never);
  }
  assert.equal(lines.length, 2, 'one line per 5 s of epochs');
  assert.match(lines[0], /^mine: 0\/4 folds done; fold 1 epoch 5\/10; 5 s elapsed, ETA after the first fold$/);
  p.foldDone(0);
  assert.match(lines[2], /^mine: 1\/4 folds done; 10 s elapsed, ETA 30 s$/);
  t += 30_000;
  p.foldDone(1);
  p.foldDone(2);
  p.foldDone(3);
  assert.match(lines.at(-1)!, /4\/4 folds done; 40 s elapsed, finished/);
});
