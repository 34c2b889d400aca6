/**
 * The config boundary: experiment YAML (+ `extends`, `--set`, `--seed`) → a validated,
 * fully-defaulted `ExperimentConfig`. Nothing downstream re-checks it. Synchronous on purpose:
 * it reads a few small files and `await loadExperiment(...)` still works for callers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { canonicalJson, sha256 } from '../hash.ts';
import { deriveSeed } from '../seeds.ts';
import { issuesToError, locOf } from './issues.ts';
import { formatKeyPath } from './keys.ts';
import { assign, parseKeyPath, parseOverride, readWithExtends, type Layered, type Override } from './merge.ts';
import { experimentSchema } from './schema.ts';
import { configError, pathId, type Loc } from './source.ts';
import type { ConfigOrigin, ExperimentConfig } from './types.ts';

export { parseOverride, parseKeyPath, type Override } from './merge.ts';

export interface LoadOptions {
  /** `key.path=value` assignments, applied in order after `extends`. */
  overrides?: string[];
  /** Replaces `seed` after the overrides (the CLI's `--seed`). */
  seed?: number;
}

// Beyond this many points a sweep is checked one axis at a time rather than point by point.
const MAX_CHECKED_POINTS = 256;
/**
 * Every point is a full cross-validated run, so more than this is a typo (ten keys with nine values
 * each would be 3.5 billion runs, which `sweepPoints` cannot even list), and refusing it here keeps
 * loading fast (each value is validated).
 */
export const MAX_SWEEP_POINTS = 1000;

export function loadExperiment(file: string, opts: LoadOptions = {}): { config: ExperimentConfig; origin: ConfigOrigin } {
  const abs = path.resolve(file);
  if (!existsSync(abs)) {
    throw new UserError('FILE_NOT_FOUND', 'experiment file not found.', { file, hint: `Looked for ${abs}; list the shipped ones with \`ls experiments/\`.` });
  }
  const layered = readWithExtends(abs);
  if (layered.value.name === undefined) layered.value.name = path.basename(abs).replace(/\.ya?ml$/i, '');

  const overrides = opts.overrides ?? [];
  for (const text of overrides) assign(layered, parseOverride(text), { source: `--set ${text}` });
  if (opts.seed !== undefined) {
    assign(layered, { text: `seed=${opts.seed}`, path: ['seed'], value: opts.seed }, { source: `--seed ${opts.seed}` }, '--seed');
  }
  resolveDataPaths(layered);

  const order = [abs, ...layered.chain];
  const config = validate(layered, order);
  checkSweep(config, layered, order);
  return { config, origin: { file: abs, extends: layered.chain, overrides: [...overrides] } };
}

function validate(layered: Layered, order: string[], hint?: string): ExperimentConfig {
  const parsed = experimentSchema.safeParse(layered.value);
  if (parsed.success) return parsed.data as ExperimentConfig;
  const err = issuesToError(parsed.error.issues, layered.value, layered.locs, order);
  if (hint) err.message += ` ${hint}`;
  throw err;
}

/** Relative data paths are relative to the file that wrote them (flags: the working directory). */
function resolveDataPaths(layered: Layered): void {
  const base = (loc: Loc | undefined) => (loc && path.isAbsolute(loc.source) ? path.dirname(loc.source) : process.cwd());
  const data = layered.value.data as Record<string, unknown> | undefined;
  if (data && typeof data.path === 'string') data.path = path.resolve(base(locOf(layered.locs, ['data', 'path'])), data.path);
  const sweep = layered.value.sweep as Record<string, unknown> | undefined;
  const values = sweep?.['data.path'];
  if (Array.isArray(values)) {
    const dir = base(layered.locs.get(pathId(['sweep', 'data.path'])));
    sweep!['data.path'] = values.map((v) => (typeof v === 'string' ? path.resolve(dir, v) : v));
  }
}

/** Every sweep point, first key varying slowest (the order a reader of the YAML expects). */
export function sweepPoints(sweep: Record<string, unknown[]>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(sweep)) points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return Object.keys(sweep).length ? points : [];
}

/** Validate the sweep at load time, so a typo in point 7 does not surface after six finished runs. */
function checkSweep(config: ExperimentConfig, layered: Layered, order: string[]): void {
  const keys = Object.keys(config.sweep);
  if (!keys.length) return;
  const paths = new Map<string, Override['path']>();
  for (const key of keys) {
    const loc = locOf(layered.locs, ['sweep', key]);
    const p = parseKeyPath(key);
    if (!p) throw configError('CONFIG_INVALID', loc, formatKeyPath(['sweep', key]), 'must be a key path such as model.hidden or train.learningRate.');
    paths.set(key, p);
  }
  const total = keys.reduce((n, k) => n * config.sweep[k].length, 1);
  if (total > MAX_SWEEP_POINTS) {
    const count = Number.isSafeInteger(total) ? total.toLocaleString('en-US') : total.toExponential(2);
    const sizes = keys.length > 1 ? `${keys.map((k) => config.sweep[k].length).join(' × ')} = ` : '';
    throw configError('CONFIG_INVALID', locOf(layered.locs, ['sweep']), 'sweep', `has ${sizes}${count} points; at most ${MAX_SWEEP_POINTS} runs are allowed.`, {
      expected: `at most ${MAX_SWEEP_POINTS} combinations`,
      found: String(total),
      hint: 'Sweep fewer keys or values at once (each point is a full cross-validated run).',
    });
  }
  const points =
    total <= MAX_CHECKED_POINTS ? sweepPoints(config.sweep) : keys.flatMap((k) => config.sweep[k].map((v) => ({ [k]: v })));
  for (const point of points) {
    const trial: Layered = { value: structuredClone(layered.value), locs: new Map(layered.locs) };
    delete trial.value.sweep;
    for (const [key, value] of Object.entries(point)) {
      const i = config.sweep[key].indexOf(value);
      const loc = layered.locs.get(pathId(['sweep', key, i])) ?? locOf(layered.locs, ['sweep', key]);
      assign(trial, { text: `${key}=${JSON.stringify(value)}`, path: paths.get(key)!, value: structuredClone(value) }, loc!, 'sweep');
    }
    const shown = Object.entries(point).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
    validate(trial, order, `(in sweep point ${shown})`);
  }
}

/**
 * Apply assignments to a resolved config and re-validate (a resolved config is a fixed point of
 * the schema, so this is exactly as strict as loading). Relative `data.path` values resolve
 * against the working directory.
 */
export function applyOverrides(config: ExperimentConfig, overrides: readonly (string | Override)[], via = '--set'): ExperimentConfig {
  const layered: Layered = { value: structuredClone(config) as unknown as Record<string, unknown>, locs: new Map() };
  for (const o of overrides) {
    const ov = typeof o === 'string' ? parseOverride(o) : o;
    assign(layered, ov, { source: `${via} ${ov.text}` }, via);
  }
  resolveDataPaths(layered);
  return validate(layered, []);
}

/** One run of a sweep: the point's values applied, and no sweep left in it. */
export function applySweepPoint(config: ExperimentConfig, point: Record<string, unknown>): ExperimentConfig {
  const overrides = Object.entries(point).map(([key, value]): Override => {
    const p = parseKeyPath(key);
    if (!p) throw configError('CONFIG_INVALID', undefined, formatKeyPath(['sweep', key]), 'must be a key path such as model.hidden.');
    return { text: `${key}=${JSON.stringify(value)}`, path: p, value: structuredClone(value) };
  });
  // Errors name the point (its values may come from the YAML `sweep:`, from `--sweep`, or both).
  return { ...applyOverrides(config, overrides, 'sweep point'), sweep: {} };
}

/** Validate a plain config object (e.g. one embedded in a result file); errors name `source`. */
export function resolveConfig(raw: unknown, source = 'config'): ExperimentConfig {
  const layered: Layered = { value: raw as Record<string, unknown>, locs: new Map([[pathId([]), { source }]]) };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError('CONFIG_INVALID', { source }, undefined, 'must be a mapping of keys.', { found: String(raw) });
  }
  return validate(layered, [source]);
}

/**
 * sha256 of the config's canonical JSON: the full hex for records, `configHashShort` for names.
 * The absolute `data.path` is replaced by the data's identity (`sha256:<hex>` of its bytes), so the
 * same experiment on the same data hashes alike in any checkout, and results and `--resume` move
 * with it. Before the data is read (a sweep's id) pass null: the path is then cut to its file name.
 */
export function configHash(config: ExperimentConfig, dataSha256: string | null): string {
  const where = config.data.path === null ? null : dataSha256 !== null ? `sha256:${dataSha256}` : path.basename(config.data.path);
  return sha256(canonicalJson({ ...config, data: { ...config.data, path: where } }));
}

export function configHashShort(config: ExperimentConfig, dataSha256: string | null): string {
  return configHash(config, dataSha256).slice(0, 8);
}

/**
 * The config recorded in a result file, as a current one, for every path that reruns it
 * (`--reproduce`, `--from`, a refit). It goes through the same schema as a YAML (a resolved config
 * is a fixed point of it), so keys renamed since (`data.rows`) are rewritten and keys added since
 * get their defaults, except where a default would change what that run did: `data.synthetic.seed`
 * is derived from the root seed as it was then, and a file from before `train.kernel` trained on
 * tfjs. A config this version cannot read is a RESULT_INVALID naming the file and the key.
 */
export function resultConfig(config: unknown, file: string): ExperimentConfig {
  const raw = structuredClone(config) as { seed?: unknown; data?: { source?: unknown; rows?: unknown; maxRows?: unknown; synthetic?: Record<string, unknown> }; train?: Record<string, unknown> };
  const data = raw?.data;
  if (data && 'rows' in data) {
    // Before data.synthetic.rows / data.maxRows, `data.rows` was the generated count or a CSV's row cap.
    const { rows, ...rest } = data;
    raw.data = typeof rows !== 'number' ? rest : rest.source === 'csv' ? { ...rest, maxRows: rest.maxRows ?? rows } : { ...rest, synthetic: { ...rest.synthetic, rows } };
  }
  if (raw?.data && typeof raw.seed === 'number') raw.data.synthetic = { ...raw.data.synthetic, seed: raw.data.synthetic?.seed ?? deriveSeed(raw.seed, 'data') };
  if (raw?.train && raw.train.kernel === undefined) raw.train.kernel = 'tfjs';
  return storedConfig(raw, ({ key, found }) =>
    new UserError('RESULT_INVALID', 'the config recorded in this result file is not one this version of hurdle-lab can run.', {
      file,
      key,
      found,
      hint: 'Rerun the experiment from its YAML file instead (the result records it under origin.file).',
    }));
}

/**
 * A config that comes from a file or a queue rather than a YAML (result files, queued jobs),
 * checked by the same schema: a resolved config is a fixed point of it. `refuse` makes the
 * caller's error from the first issue (`key` as config.a.b[i], `found` the schema's message).
 */
export function storedConfig(raw: unknown, refuse: (issue: { key: string; found: string }) => UserError): ExperimentConfig {
  const parsed = experimentSchema.safeParse(raw);
  if (parsed.success) return parsed.data as ExperimentConfig;
  const issue = parsed.error.issues[0];
  throw refuse({ key: formatKeyPath(['config', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]), found: issue.message });
}
