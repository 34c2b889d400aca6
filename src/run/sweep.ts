/**
 * Parameter sweeps (Hydra's multirun, `dvc exp run --set-param` grids): the Cartesian product of
 * `sweep:` (YAML) and `--sweep key=v1,v2` (CLI). Each point is an ordinary run with its own
 * result file; all points share the root seed, hence the data and the folds, so the reporter can
 * pair them. With --resume, points whose complete result already exists are not rerun.
 */
import path from 'node:path';
import YAML from 'yaml';
import { applySweepPoint, configHash, MAX_SWEEP_POINTS, sweepPoints } from '../config/load.ts';
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { METRICS } from '../metrics/catalog.ts';
import { sha256, canonicalJson } from '../hash.ts';
import type { ResultFile } from '../results/types.ts';
import { shellQuote } from './shell.ts';
import { rowsUsedLine } from '../data/describe.ts';
import { formatNumber } from '../numbers.ts';
import { oneHotNotes, planOneHot } from '../features/onehot-plan.ts';
import { experimentDataKey, loadExperimentData, runExperiment, shownPath, type RunOptions } from './experiment.ts';
import { finishedResult } from './finished.ts';

/** `--sweep train.learningRate=0.001,0.0003` or `--sweep model.hidden=[64],[128,64]` → [key, values]. */
export function parseSweepArg(text: string): [string, unknown[]] {
  const eq = text.indexOf('=');
  const fail = (why: string) =>
    new UserError('CLI_USAGE', `bad --sweep ${JSON.stringify(text)}: ${why}.`, {
      key: '--sweep',
      expected: 'key.path=value1,value2,... (lists in brackets: model.hidden=[64],[128,64])',
      found: JSON.stringify(text),
    });
  if (eq <= 0) throw fail('no key=values');
  const key = text.slice(0, eq).trim();
  let values: unknown;
  try {
    values = YAML.parse(`[${text.slice(eq + 1)}]`);
  } catch {
    throw fail('the values do not parse as a comma-separated YAML list');
  }
  if (!Array.isArray(values) || values.length === 0) throw fail('no values');
  return [key, values];
}

export interface SweepPlan {
  id: string;
  points: { point: Record<string, unknown>; config: ExperimentConfig }[];
  keys: string[];
}

export function planSweep(config: ExperimentConfig, cliSweep: [string, unknown[]][]): SweepPlan | null {
  const grid: Record<string, unknown[]> = { ...config.sweep };
  for (const [k, v] of cliSweep) grid[k] = v;
  const size = Object.values(grid).reduce((n, v) => n * v.length, 1);
  if (size > MAX_SWEEP_POINTS)
    throw new UserError('CLI_USAGE', `the sweep has ${size.toLocaleString('en')} points, more than the ${MAX_SWEEP_POINTS} allowed.`, {
      key: '--sweep',
      hint: 'Sweep fewer keys or fewer values per key (each point is a full cross-validated run).',
    });
  const points = sweepPoints(grid);
  if (points.length === 0) return null;
  const base = { ...config, sweep: {} };
  const id = `${config.name}-s${config.seed}-${sha256(canonicalJson({ base: configHash(base, null), grid })).slice(0, 8)}`;
  return {
    id,
    keys: Object.keys(grid),
    points: points.map((point, i) => ({ point, config: { ...applySweepPoint(base, point), name: `${config.name}-p${i + 1}` } })),
  };
}

export interface SweepOutcome {
  plan: SweepPlan;
  runs: { point: Record<string, unknown>; path: string | null; result: ResultFile; reused: boolean }[];
}

export async function runSweep(plan: SweepPlan, origin: ConfigOrigin, opts: RunOptions): Promise<SweepOutcome> {
  const runs: SweepOutcome['runs'] = [];
  let data: Dataset | null = null;
  let dataKey = '';
  for (const [i, { point, config }] of plan.points.entries()) {
    if (opts.signal?.aborted) break;
    // Points that change neither the data nor the loaded columns (features, cv.groupBy) share one
    // load. The load comes first: a finished point is recognised by its config hash, which holds
    // the data's sha256.
    const key = experimentDataKey(config);
    if (key !== dataKey) {
      data = await loadExperimentData(config);
      opts.log?.(`data: ${rowsUsedLine(data.identity, config.data.maxRows, shownPath(data.identity.path))}`);
      for (const line of oneHotNotes(config.features, planOneHot(config.features, data))) opts.log?.(line);
      dataKey = key;
    }
    if (opts.resume) {
      const done = await finishedResult(opts.outDir, config, data!.identity.sha256);
      if (done) {
        opts.log?.(`sweep point ${i + 1}/${plan.points.length} ${describePoint(point)}: done already (${path.basename(done.path)})`);
        runs.push({ point, path: done.path, result: done.result, reused: true });
        continue;
      }
    }
    opts.log?.(`sweep point ${i + 1}/${plan.points.length} ${describePoint(point)}`);
    // One point on its own: its name, no sweep (a YAML `sweep:` would rerun the whole grid), its values.
    const extra = [`name=${config.name}`, 'sweep={}', ...Object.entries(point).map(([k, v]) => `${k}=${JSON.stringify(v)}`)]
      .map((s) => `--set ${shellQuote(s)}`)
      .join(' ');
    const { result, path: file } = await runExperiment(config, origin, {
      ...opts,
      data: data!,
      reproduce: `${opts.reproduce} ${extra}`.trim(),
      sweep: { id: plan.id, point },
      saveModelDir: opts.saveModelDir ? path.join(path.resolve(opts.saveModelDir), config.name) : undefined,
    });
    runs.push({ point, path: file, result, reused: false });
  }
  return { plan, runs };
}

export function describePoint(point: Record<string, unknown>): string {
  return Object.entries(point).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
}

/** Best point per metric (by mean over folds, respecting each metric's direction). */
export function sweepSummary(outcome: SweepOutcome): string[] {
  const lines = [`sweep ${outcome.plan.id}: ${outcome.runs.length} of ${outcome.plan.points.length} points (${outcome.plan.keys.join(', ')})`];
  for (const r of outcome.runs) {
    const s = r.result.summary.r2;
    lines.push(`  ${r.result.name.padEnd(18)} ${describePoint(r.point).padEnd(50)} r2 ${formatNumber(s?.mean)}${r.reused ? ' (reused)' : ''}`);
  }
  for (const m of METRICS) {
    // Only scores pick a best point: diagnostics have no direction, and a reference metric
    // (r2Oracle) scores the data, not the point.
    if (m.direction === 'none' || m.reference) continue;
    let best: (typeof outcome.runs)[number] | null = null;
    for (const r of outcome.runs) {
      const v = r.result.summary[m.name]?.mean;
      if (v === null || v === undefined) continue;
      const b = best?.result.summary[m.name]?.mean;
      if (b === null || b === undefined || (m.direction === 'higher' ? v > b : v < b)) best = r;
    }
    const unit = m.targetScale ? best?.result.config.data.targetUnit : null;
    if (best) lines.push(`  best ${m.name.padEnd(13)} ${formatNumber(best.result.summary[m.name]!.mean, { unit })}${unit ? ' (currency units)' : ''}  ${best.result.name} (${describePoint(best.point)})`);
  }
  return lines;
}
