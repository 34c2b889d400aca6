/**
 * Progress for long runs: a fold bar with ETA and the current epoch of each running fold, on a
 * TTY only. In CI, pipes and with --quiet it prints nothing (the CLI prints the summary).
 */
import cliProgress from 'cli-progress';
import type { EpochInfo } from '../models/types.ts';

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
    { stream, hideCursor: true, clearOnComplete: false, format: '{label} |{bar}| {value}/{total} {unit} | ETA {eta_formatted} {extra}' },
    cliProgress.Presets.shades_classic,
  );
  let folds: cliProgress.SingleBar | null = null;
  const running = new Map<number, cliProgress.SingleBar>();
  return {
    start(total, done) {
      folds = multi.create(total, done, { label: label.padEnd(14).slice(0, 14), unit: 'folds', extra: '' });
    },
    foldStarted(index) {
      running.set(index, multi.create(1, 0, { label: `  fold ${index + 1}`.padEnd(14), unit: 'epochs', extra: '' }));
    },
    epoch(index, info) {
      const bar = running.get(index);
      if (!bar) return;
      bar.setTotal(info.epochs);
      const val = info.valLoss === null ? '' : ` val ${info.valLoss.toPrecision(4)}`;
      bar.update(info.epoch, { extra: `loss ${info.loss.toPrecision(4)}${val}` });
    },
    foldDone(index) {
      const bar = running.get(index);
      if (bar) multi.remove(bar);
      running.delete(index);
      folds?.increment();
    },
    stop() {
      multi.stop();
    },
  };
}
