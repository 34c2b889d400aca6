/**
 * Progress when stderr is not a terminal (CI logs, `2> run.log`, a pipe): one plain line at most
 * every few seconds (a timer, so slow epochs do not leave gaps), plus one per finished fold. The ETA is only given once
 * a fold has finished (before that any estimate is a guess).
 */
import { formatDuration } from '../numbers.ts';
import type { EpochInfo } from '../models/types.ts';
import type { Progress } from './progress.ts';

export function lineProgress(write: (line: string) => void, label: string, opts: { everyMs?: number; now?: () => number; timer?: boolean } = {}): Progress {
  const everyMs = opts.everyMs ?? 5000;
  const now = opts.now ?? (() => performance.now());
  let total = 0;
  let done = 0;
  let resumed = 0;
  let t0 = 0;
  let last = -Infinity;
  const epochs = new Map<number, string>();
  // Epochs can take longer than the interval: a timer keeps the lines coming (unref'd: it never holds the process).
  let timer: ReturnType<typeof setInterval> | undefined;
  const eta = () => {
    const fresh = done - resumed;
    if (fresh <= 0) return 'ETA after the first fold';
    const per = (now() - t0) / fresh;
    return `ETA ${formatDuration(per * (total - done))}`;
  };
  const line = () => {
    const running = [...epochs].map(([i, e]) => `fold ${i + 1} ${e}`).join(', ');
    write(`${label}: ${done}/${total} folds done${running ? `; ${running}` : ''}; ${formatDuration(now() - t0)} elapsed, ${done === total ? 'finished' : eta()}`);
    last = now();
  };
  return {
    start(totalFolds, alreadyDone) {
      total = totalFolds;
      done = resumed = alreadyDone;
      t0 = now();
      last = t0; // the first line comes after `everyMs`, or at the first finished fold
      if (opts.timer ?? !opts.now) {
        timer = setInterval(() => {
          if (now() - last >= everyMs) line();
        }, everyMs);
        timer.unref();
      }
    },
    foldStarted(index) {
      epochs.set(index, 'starting');
    },
    epoch(index, info: EpochInfo) {
      epochs.set(index, `epoch ${info.epoch}/${info.epochs}`);
      if (now() - last >= everyMs) line();
    },
    foldDone(index) {
      epochs.delete(index);
      done++;
      line();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
