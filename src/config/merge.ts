/**
 * Layering: `extends` chains and `--set key.path=value` assignments, on raw (unvalidated) values,
 * keeping the origin of every key. Rules: mappings deep-merge; lists and scalars replace; a model
 * whose `type` changes is replaced wholesale (an mlp's `hidden` means nothing to a hurdle model).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYamlValue } from 'yaml';
import { DEFAULT_MODEL_TYPE } from './schema.ts';
import { checkKeyPath, formatKeyPath, type KeyPath } from './keys.ts';
import { unknownKeyError } from './issues.ts';
import { configError, pathId, readYamlFile, type Loc, type Locs } from './source.ts';

export type Raw = Record<string, unknown>;
export interface Layered {
  value: Raw;
  locs: Locs;
}

const isMapping = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

/** Drop every origin at or below `prefix` (its value is being replaced). */
function forget(locs: Locs, prefix: KeyPath, keepSelf = false): void {
  const id = pathId(prefix);
  const stem = id.slice(0, -1);
  for (const k of [...locs.keys()]) {
    if ((k === id && !keepSelf) || (k.startsWith(stem) && k.length > id.length && k[stem.length] === ',')) locs.delete(k);
  }
}

function mergeInto(base: Raw, over: Raw, at: KeyPath, locs: Locs): Raw {
  const out: Raw = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const p = [...at, key];
    const old = out[key];
    const modelTypeChange =
      p.length === 1 && key === 'model' && isMapping(old) && isMapping(value) && 'type' in value && value.type !== old.type;
    if (isMapping(old) && isMapping(value) && !modelTypeChange) {
      out[key] = mergeInto(old, value, p, locs);
    } else {
      forget(locs, p);
      out[key] = value;
    }
  }
  return out;
}

/** `base` overlaid with `over` (both left untouched). */
export function mergeLayers(base: Layered, over: Layered): Layered {
  const locs: Locs = new Map(base.locs);
  const value = mergeInto(base.value, over.value, [], locs);
  for (const [k, loc] of over.locs) locs.set(k, loc);
  return { value, locs };
}

// `name` and `description` describe the file itself: a child that does not set them gets its own
// basename and an empty description, never its parent's (two runs named "baseline" would collide).
const OWN_KEYS = ['name', 'description'];

/**
 * Read `file` and its `extends` chain, parents first. Returns the merged layers and the chain of
 * parent files (nearest first). `stack` carries the files being read, to report cycles.
 */
export function readWithExtends(file: string, stack: string[] = []): Layered & { chain: string[] } {
  const src = readYamlFile(file);
  const { extends: parentRef, ...own } = src.value;
  const ownLocs = new Map(src.locs);
  forget(ownLocs, ['extends']);
  const layer: Layered = { value: own, locs: ownLocs };
  rowsShorthand(layer);
  if (parentRef === undefined) return { ...layer, chain: [] };

  const loc = src.locs.get(pathId(['extends']));
  if (typeof parentRef !== 'string' || parentRef.trim() === '') {
    throw configError('CONFIG_EXTENDS', loc, 'extends', 'must be the path of another experiment file.', {
      expected: 'a file path such as baseline.yaml',
      found: JSON.stringify(parentRef),
    });
  }
  const parentFile = path.resolve(path.dirname(file), parentRef);
  const trail = [...stack, file];
  if (trail.includes(parentFile)) {
    const cycle = [...trail.slice(trail.indexOf(parentFile)), parentFile].map((f) => path.basename(f)).join(' → ');
    throw configError('CONFIG_EXTENDS', loc, 'extends', `forms a cycle: ${cycle}.`, { hint: 'Remove one of these `extends` lines.' });
  }
  if (!existsSync(parentFile)) {
    throw configError('CONFIG_EXTENDS', loc, 'extends', `names a file that does not exist: ${JSON.stringify(parentRef)} (resolved to ${parentFile}).`, {
      hint: 'The path is relative to the file that contains `extends`.',
    });
  }
  if (!statSync(parentFile).isFile()) {
    throw configError('CONFIG_EXTENDS', loc, 'extends', `names a directory, not an experiment file: ${JSON.stringify(parentRef)} (resolved to ${parentFile}).`, {
      hint: 'Point `extends` at a .yaml file, relative to the file that contains it.',
    });
  }
  const parent = readWithExtends(parentFile, trail);
  for (const key of OWN_KEYS) {
    delete parent.value[key];
    forget(parent.locs, [key]);
  }
  return { ...mergeLayers(parent, layer), chain: [parentFile, ...parent.chain] };
}

/**
 * `data.rows` in a file on synthetic data (it does not say `source: csv`) means
 * `data.synthetic.rows`: it moves there with its line, so a CSV experiment extending the file
 * inherits a generator knob it ignores instead of a row cap. A file that says `source: csv` (or
 * sets both) keeps `data.rows`, which the schema then refuses with the fix.
 */
function rowsShorthand(layer: Layered): void {
  const data = layer.value.data;
  if (!isMapping(data) || data.rows === undefined || data.rows === null || data.source === 'csv') return;
  if (data.synthetic !== undefined && (!isMapping(data.synthetic) || data.synthetic.rows !== undefined)) return;
  const { rows, ...rest } = data;
  layer.value.data = { ...rest, synthetic: { ...(data.synthetic as Raw | undefined), rows } };
  const loc = layer.locs.get(pathId(['data', 'rows']));
  layer.locs.delete(pathId(['data', 'rows']));
  if (loc) {
    layer.locs.set(pathId(['data', 'synthetic', 'rows']), loc);
    if (!layer.locs.has(pathId(['data', 'synthetic']))) layer.locs.set(pathId(['data', 'synthetic']), loc);
  }
}

export interface Override {
  /** As written, e.g. `model.hidden=[64,32]`. */
  text: string;
  /** Parsed key path, e.g. ['model', 'hidden']. */
  path: KeyPath;
  value: unknown;
}

/** `model.hidden[1]` → ['model', 'hidden', 1]; null when it is not a key path. */
export function parseKeyPath(text: string): KeyPath | null {
  const t = text.trim();
  if (!/^[^.[\]=\s]+(\[\d+\])*(\.[^.[\]=\s]+(\[\d+\])*)*$/.test(t)) return null;
  return (t.match(/[^.[\]]+|\[\d+\]/g) ?? []).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
}

/** Parse `key.path=value`; the value is YAML (`2`, `csv`, `[64, 32]`, `{type: hurdle}`, empty = null). */
export function parseOverride(text: string): Override {
  const source: Loc = { source: `--set ${text}` };
  const eq = text.indexOf('=');
  const keyPath = eq < 0 ? null : parseKeyPath(text.slice(0, eq));
  if (!keyPath) {
    throw configError('CONFIG_INVALID', source, undefined, 'must have the form key.path=value, e.g. train.epochs=2 or model.hidden=[64,32].', {
      expected: 'key.path=value',
      found: JSON.stringify(text),
    });
  }
  let value: unknown;
  try {
    value = parseYamlValue(text.slice(eq + 1));
  } catch (e) {
    throw configError('CONFIG_SYNTAX', source, formatKeyPath(keyPath), `the value is not valid YAML: ${(e as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}.`, {
      hint: 'Quote the whole argument in the shell, e.g. --set "model.hidden=[64, 32]".',
    });
  }
  return { text, path: keyPath, value: value ?? null };
}

/**
 * Assign one override into the layers (in place). The path must exist in the schema; `loc` is
 * what errors about the assigned value will point at.
 */
export function assign(layers: Layered, ov: Override, loc: Loc, flag = '--set'): void {
  const data = layers.value.data;
  if (ov.path.length === 2 && ov.path[0] === 'data' && ov.path[1] === 'rows' && !(isMapping(data) && data.source === 'csv')) {
    ov = { ...ov, path: ['data', 'synthetic', 'rows'] }; // the synthetic shorthand, as in files
  }
  const check = checkKeyPath(ov.path, layers.value);
  if (!check.ok) {
    if (check.reason === 'unknown') throw unknownKeyError(loc, check.at, String(check.bad), layers.value, `${flag} names an unknown key.`, true);
    throw configError('CONFIG_UNKNOWN_KEY', loc, formatKeyPath([...check.at, check.bad]), `${flag} goes below \`${formatKeyPath(check.at)}\`, which is a single value, not a mapping or list.`);
  }
  const p = check.path;
  let node: unknown = layers.value;
  for (let i = 0; i < p.length - 1; i++) {
    const container = node as Record<string | number, unknown>;
    if (container[p[i]] === undefined || container[p[i]] === null) {
      // An absent model is the default one, so `--set model.hidden=...` must keep its type.
      container[p[i]] = typeof p[i + 1] === 'number' ? [] : i === 0 && p[0] === 'model' ? { type: DEFAULT_MODEL_TYPE } : {};
    }
    node = container[p[i]];
    if (!node || typeof node !== 'object') {
      throw configError('CONFIG_INVALID', loc, formatKeyPath(p.slice(0, i + 1)), `is ${JSON.stringify(node)}, so ${flag} cannot set a key below it.`, {
        hint: `Set the whole value instead, e.g. ${flag} ${formatKeyPath(p.slice(0, i + 1))}={...}.`,
      });
    }
  }
  const last = p[p.length - 1];
  const parent = node as Record<string | number, unknown>;
  const model = layers.value.model;
  if (p.length === 2 && p[0] === 'model' && last === 'type' && isMapping(model) && model.type !== ov.value) {
    layers.value.model = { type: ov.value }; // same rule as extends: a new model type starts afresh
    forget(layers.locs, ['model'], true);
  } else {
    parent[last] = ov.value;
    forget(layers.locs, p);
  }
  layers.locs.set(pathId(p), loc);
}
