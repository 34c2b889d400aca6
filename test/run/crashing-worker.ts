/**
 * A fold worker that crashes: it runs the real worker (src/run/worker.ts) but ends its thread with
 * exit code 7 when asked for its second fold, as an out-of-memory kill or a native abort would.
 */
import { parentPort } from 'node:worker_threads';
import '../../src/run/worker.ts';

let folds = 0;
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'fold' && ++folds === 2) process.exit(7);
});
