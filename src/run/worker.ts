/** Fold worker: one tfjs backend instance per thread; runs the folds the scheduler sends it. */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '../backend.ts';
import type { ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { runFold } from './fold.ts';
import { serializeError, type FromWorker, type ToWorker } from './messages.ts';

const port = parentPort!;
// The backend starts loading as soon as the thread boots (while the main thread is still loading
// the data); a failure surfaces when the first message arrives.
const backendReady = initBackend((workerData as { backend: BackendName | 'auto' }).backend);
backendReady.catch(() => {});
let config: ExperimentConfig | null = null;
let data: Dataset | null = null;
let stop: Int32Array | null = null;

function send(m: FromWorker): void {
  port.postMessage(m);
}

port.on('message', async (m: ToWorker) => {
  try {
    if (m.type === 'init') {
      config = m.config;
      data = m.data;
      stop = new Int32Array(m.stopFlag);
      send({ type: 'ready', backend: await backendReady });
      return;
    }
    if (!config || !data) throw new Error('fold worker received a fold before init');
    const task = m.task;
    const result = await runFold(config, data, task, {
      onEpoch: (info) => send({ type: 'epoch', index: task.index, info }),
      shouldStop: () => stop !== null && Atomics.load(stop, 0) !== 0,
    });
    send({ type: 'done', result });
  } catch (e) {
    send({ type: 'error', index: m.type === 'fold' ? m.task.index : null, error: serializeError(e) });
  }
});
