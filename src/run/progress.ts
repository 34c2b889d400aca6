/**
 * Progress for long runs: a fold bar with ETA and the current epoch of each running fold, on a
 * TTY. Elsewhere the CLI uses plain lines (progress-lines.ts); with --quiet nothing.
 */
import cliProgress from 'cli-progress';
import type { EpochInfo } from '../models/types.ts';
import { formatDuration, formatNumber } from '../numbers.ts';

export interface Progress {
  start(totalFolds: number, alreadyDone: number): void;
  foldStarted(index: number): void;
  epoch(index: number, info: EpochInfo): void;
  foldDone(index: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, foldStarted() {}, epoch() {}, foldDone() {}, stop() {} };

export function shouldShowProgress(stream: NodeJS.WriteStream, quiet: boolean): boolean {
  return !quiet && stream.isTTY === true && !process.env.CI;
}

export function terminalProgress(stream: NodeJS.WriteStream, label: string): Progress {
  const multi = new cliProgress.MultiBar(
    { stream, hideCursor: true, clearOnComplete: false, format: '{label} |{bar}| {value}/{total} {unit} | {eta} {extra}' },
    cliProgress.Presets.shades_classic,
  );
  let folds: cliProgress.SingleBar | null = null;
  let startedAt = 0;
  let resumed = 0;
  let finished = 0;
  const running = new Map<number, cliProgress.SingleBar>();
  return {
    start(total, done) {
      // No ETA until a fold has finished: cli-progress would show "ETA 0s" before any rate exists.
      startedAt = performance.now();
      resumed = done;
      folds = multi.create(total, done, { label: label.padEnd(14).slice(0, 14), unit: 'folds', extra: '', eta: 'ETA …' });
    },
    foldStarted(index) {
      running.set(index, multi.create(1, 0, { label: `  fold ${index + 1}`.padEnd(14), unit: 'epochs', extra: '', eta: '' }));
    },
    epoch(index, info) {
      const bar = running.get(index);
      if (!bar) return;
      bar.setTotal(info.epochs);
      const val = info.valLoss === null ? '' : ` val ${formatNumber(info.valLoss)}`;
      bar.update(info.epoch, { extra: `loss ${formatNumber(info.loss)}${val}` });
    },
    foldDone(index) {
      const bar = running.get(index);
      if (bar) multi.remove(bar);
      running.delete(index);
      finished++;
      const per = (performance.now() - startedAt) / Math.max(1, finished);
      const left = (folds?.getTotal() ?? 0) - resumed - finished;
      folds?.increment({ eta: left > 0 ? `ETA ${formatDuration(per * left)}` : 'done' });
    },
    stop() {
      multi.stop();
    },
  };
}
