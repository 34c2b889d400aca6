/**
 * What `npm run exp` checks before any work: its outputs (the result folder and --save-model),
 * planned against its inputs (the experiment file, every file it extends, the data file), so a
 * bad output path fails in the first second, not after the CV. Also `--from <result>
 * --save-model DIR`: finish a run whose model save failed, from its result file alone.
 */
import path from 'node:path';
import { initBackend, type BackendName } from '../backend.ts';
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import { UserError } from '../errors.ts';
import { planOutputs, shown, type InputSpec, type OutputSpec } from '../files/plan.ts';
import { readOneResult } from '../results/read.ts';
import { loadExperimentData } from './experiment.ts';
import { retrainConfig } from './reproduce.ts';
import { saveModelAfterResult } from './save-after-result.ts';

function runInputs(config: ExperimentConfig, origin: ConfigOrigin | null): InputSpec[] {
  const inputs: InputSpec[] = [];
  if (origin) {
    inputs.push({ what: 'the experiment file', path: origin.file });
    for (const f of origin.extends) inputs.push({ what: 'the experiment file it extends', path: f });
  }
  if (config.data.path) inputs.push({ what: 'the data file', path: config.data.path });
  return inputs;
}

/** Check the result folder and the model folder (in a sweep: the parent of one folder per point). */
export async function planRunOutputs(
  config: ExperimentConfig,
  origin: ConfigOrigin | null,
  opts: { outDir?: string; saveModelDir?: string; sweep?: boolean; extraInputs?: InputSpec[] },
): Promise<{ outDir?: string; saveModelDir?: string }> {
  const outputs: OutputSpec[] = [];
  if (opts.outDir) outputs.push({ flag: '--out', path: opts.outDir, kind: 'into' });
  if (opts.saveModelDir) outputs.push({ flag: '--save-model', path: opts.saveModelDir, kind: opts.sweep ? 'into' : 'folder' });
  const planned = await planOutputs(outputs, [...runInputs(config, origin), ...(opts.extraInputs ?? [])]);
  const real = (flag: string) => planned.find((o) => o.flag === flag)?.real;
  return { outDir: real('--out'), saveModelDir: real('--save-model') };
}

/** Refit and save the model of a recorded run; the result file is rewritten to record it. */
export async function saveFromResult(resultPath: string, dir: string, opts: { backend: BackendName | 'auto'; log?: (line: string) => void; signal?: AbortSignal }): Promise<string> {
  const { checksum: _checksum, ...body } = (await readOneResult(resultPath, 'save a model')).result;
  const config = retrainConfig(body, resultPath, { why: ': there is no model to refit.', key: '--from' });
  const { saveModelDir } = await planRunOutputs(config, null, { saveModelDir: dir, extraInputs: [{ what: 'the result file', path: resultPath }] });
  const data = await loadExperimentData(config);
  if (data.identity.sha256 !== body.data.sha256) {
    throw new UserError('DATA_DEGENERATE', 'the data changed since this result was recorded, so its model cannot be refitted from it.', {
      file: body.data.path ?? resultPath,
      expected: `sha256 ${body.data.sha256.slice(0, 16)}…`,
      found: `sha256 ${data.identity.sha256.slice(0, 16)}…`,
      hint: 'Restore the data the result was computed on, or rerun the experiment with --save-model.',
    });
  }
  await initBackend(opts.backend === 'auto' ? (body.environment.backend as BackendName) : opts.backend);
  const target = saveModelDir!;
  await saveModelAfterResult(config, data, body.origin, path.resolve(resultPath), body, { dir: target, log: opts.log, signal: opts.signal });
  opts.log?.(`saved the model of ${shown(resultPath)} to ${shown(target)}`);
  return target;
}
