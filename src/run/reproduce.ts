/** Compare a rerun with the result it reproduces, metric by metric and fold by fold. */
import { resultConfig } from '../config/load.ts';
import type { ExperimentConfig, KernelSetting } from '../config/types.ts';
import { UserError } from '../errors.ts';
import { isExternalConfig, type ResultFile } from '../results/types.ts';

/**
 * The config a recorded run retrains with (--reproduce, --from, a refit): refused for scored
 * external predictions, which have no model, else read through the config boundary (resultConfig).
 * `why` ends the refusal's sentence.
 */
export function retrainConfig(result: Pick<ResultFile, 'config'>, file: string, refusal: { why: string; key?: string; hint?: string }): ExperimentConfig {
  const { why, ...details } = refusal;
  if (isExternalConfig(result.config)) throw new UserError('CLI_USAGE', `${file} scores predictions made outside hurdle-lab (model type external)${why}`, { file, ...details });
  return resultConfig(result.config, file);
}

/**
 * The config to rerun a result with: train.kernel as the run used it. A file from before the
 * setting lacks it and trained on tfjs; `auto` is pinned to what it resolved to then, so a rerun
 * cannot switch kernels when the defaults change.
 */
export function reproduceConfig(original: ResultFile): ExperimentConfig {
  // External results (model type external) are refused before this: they have nothing to retrain.
  const config = original.config as ExperimentConfig;
  const recorded = config.train.kernel as KernelSetting | undefined;
  const used = new Set(original.perFold.flatMap((f) => (f.kernel ? [f.kernel.used] : [])));
  const kernel: KernelSetting = recorded === undefined ? 'tfjs' : used.size === 1 ? ([...used][0] as KernelSetting) : recorded;
  return { ...config, train: { ...config.train, kernel } };
}

export interface Difference {
  fold: number;
  metric: string;
  original: number | null | string;
  rerun: number | null | string;
}

export interface ReproduceReport {
  identical: boolean;
  compared: number;
  differences: Difference[];
  /** Context that can explain differences (other backend, other data, other folds). */
  warnings: string[];
}

export function compareResults(original: ResultFile, rerun: ResultFile): ReproduceReport {
  const warnings: string[] = [];
  if (original.environment.backend !== rerun.environment.backend)
    warnings.push(`backend differs: ${original.environment.backend} then, ${rerun.environment.backend} now (results are only bit-identical on the same backend)`);
  if (original.data.sha256 !== rerun.data.sha256) warnings.push(`data differs: sha256 ${original.data.sha256.slice(0, 12)} then, ${rerun.data.sha256.slice(0, 12)} now`);
  if (original.folds.fingerprint !== rerun.folds.fingerprint) warnings.push('folds differ (fold fingerprint changed)');
  if (original.environment.packages['@tensorflow/tfjs'] !== rerun.environment.packages['@tensorflow/tfjs'])
    warnings.push(`tfjs version differs: ${original.environment.packages['@tensorflow/tfjs']} then, ${rerun.environment.packages['@tensorflow/tfjs']} now`);

  // A seed both runs recorded must be the same; the rerun may record fewer (streams it did not
  // draw on, which older files listed anyway) or more (seeds older files did not record).
  const before = original.seeds.derived;
  const reseeded = Object.entries(rerun.seeds.derived).filter(([name, seed]) => name in before && before[name] !== seed).map(([name]) => name);
  if (reseeded.length) warnings.push(`${reseeded.length === 1 ? '1 seed differs' : `${reseeded.length} seeds differ`} from the recorded ones (${reseeded.slice(0, 5).join(', ')}${reseeded.length > 5 ? ', ...' : ''})`);

  const kernels = (r: ResultFile) => [...new Set(r.perFold.map((f) => f.kernel?.used ?? 'tfjs'))].join('+');
  if (kernels(original) !== kernels(rerun)) warnings.push(`training kernel differs: ${kernels(original)} then, ${kernels(rerun)} now`);

  const differences: Difference[] = [];
  let compared = 0;
  const added = new Set<string>();
  const n = Math.max(original.perFold.length, rerun.perFold.length);
  for (let i = 0; i < n; i++) {
    const a = original.perFold[i];
    const b = rerun.perFold[i];
    if (!a || !b) {
      differences.push({ fold: i, metric: '(fold)', original: a ? 'present' : 'missing', rerun: b ? 'present' : 'missing' });
      continue;
    }
    if (a.status !== b.status) differences.push({ fold: i, metric: 'status', original: a.status, rerun: b.status });
    // Every metric the original recorded must come back identical; metrics this version adds
    // (an older file has no value for them) are new information, not a difference.
    for (const m of Object.keys(b.metrics)) if (!(m in a.metrics) && a.status === 'ok') added.add(m);
    for (const m of Object.keys(a.metrics)) {
      compared++;
      const x = a.metrics[m] ?? null;
      const y = b.metrics[m] ?? null;
      if (!Object.is(x, y)) differences.push({ fold: i, metric: m, original: x, rerun: y });
    }
  }
  if (added.size) warnings.push(`the original predates ${added.size} metric${added.size === 1 ? '' : 's'} this version records (${[...added].join(', ')}): not compared`);
  return { identical: differences.length === 0, compared, differences, warnings };
}

export function formatReproduceReport(file: string, r: ReproduceReport): string {
  const lines: string[] = [];
  if (r.identical) {
    lines.push(`reproduced ${file}: all ${r.compared} fold metrics identical.`);
  } else {
    lines.push(`NOT reproduced ${file}: ${r.differences.length} of ${r.compared} fold metrics differ:`);
    for (const d of r.differences.slice(0, 40)) lines.push(`  fold ${d.fold} ${d.metric}: ${String(d.original)} → ${String(d.rerun)}`);
    if (r.differences.length > 40) lines.push(`  ... and ${r.differences.length - 40} more`);
  }
  for (const w of r.warnings) lines.push(`  note: ${w}`);
  return lines.join('\n');
}
