/**
 * Schema introspection: which keys exist at a key path. The schema is the only list of keys, so
 * "did you mean" suggestions and `--set`/sweep path checks read it rather than a copy that could
 * drift. Model keys depend on the raw `model.type`, hence the raw config is passed along.
 */
import { experimentSchema } from './schema.ts';

export type KeyPath = (string | number)[];

type Def = { type: string; [k: string]: any };
type Node =
  | { kind: 'object'; keys: string[]; child: (key: string, raw: unknown) => Node }
  | { kind: 'array'; element: Node }
  | { kind: 'record' }
  | { kind: 'leaf' };

const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Strip wrappers (defaults, optional, nullable, preprocess/transform pipes) to the structural node. */
function describe(schema: unknown, raw: unknown): Node {
  const def = defOf(schema);
  switch (def.type) {
    case 'default':
    case 'prefault':
      // An absent model is the default model: its keys are the default type's keys.
      return describe(def.innerType, raw === undefined ? def.defaultValue : raw);
    case 'optional':
    case 'nullable':
      return describe(def.innerType, raw);
    case 'pipe':
      return describe(defOf(def.in).type === 'transform' ? def.out : def.in, raw);
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return { kind: 'object', keys: Object.keys(shape), child: (k, r) => describe(shape[k], r) };
    }
    case 'array':
      return { kind: 'array', element: describe(def.element, undefined) };
    case 'record':
      return { kind: 'record' };
    case 'union': {
      const options = def.options as unknown[];
      if (def.discriminator) {
        const type = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[def.discriminator] : undefined;
        const match = options.find((o) => {
          const t = describe(o, undefined);
          return t.kind === 'object' && defOf((defOf(o).shape as Record<string, unknown>)[def.discriminator]).values?.includes(type);
        });
        // Unknown type: expose only the discriminator, so the type error is the one reported.
        if (!match) return { kind: 'object', keys: [def.discriminator], child: () => ({ kind: 'leaf' }) };
        return describe(match, raw);
      }
      for (const o of options) {
        const n = describe(o, raw);
        if (n.kind !== 'leaf') return n;
      }
      return { kind: 'leaf' };
    }
    default:
      return { kind: 'leaf' };
  }
}

const at = (raw: unknown, key: string | number): unknown =>
  raw && typeof raw === 'object' ? (raw as Record<string | number, unknown>)[key] : undefined;

/** The node at `path` (following the raw config for discriminated unions), or undefined. */
function nodeAt(path: KeyPath, rawRoot: unknown): Node | undefined {
  let node: Node = describe(experimentSchema, rawRoot);
  let raw = rawRoot;
  for (const seg of path) {
    const next = step(node, raw, seg);
    if (next) ({ node, raw } = next);
    else if (node.kind === 'record') {
      raw = at(raw, seg);
      node = { kind: 'leaf' };
    } else return undefined;
  }
  return node;
}

/** One segment down a mapping key or a list index, or null when `seg` is neither. */
function step(node: Node, raw: unknown, seg: string | number): { node: Node; raw: unknown } | null {
  if (node.kind === 'object' && typeof seg === 'string' && node.keys.includes(seg)) {
    const child = at(raw, seg);
    return { node: node.child(seg, child), raw: child };
  }
  if (node.kind === 'array' && typeof seg === 'number') return { node: node.element, raw: at(raw, seg) };
  return null;
}

/** Keys the schema allows in the mapping at `path`; [] if that is not a mapping. */
export function keysAt(path: KeyPath, rawRoot: unknown): string[] {
  const node = nodeAt(path, rawRoot);
  return node?.kind === 'object' ? node.keys : [];
}

export type PathCheck =
  | { ok: true; path: KeyPath }
  | { ok: false; at: KeyPath; bad: string | number; valid: string[]; reason: 'unknown' | 'not-container' };

/**
 * Check a user-written key path (`model.hidden`, `train.earlyStopping.patience`, `sweep.model.hidden`)
 * against the schema. Below a record (the sweep), the rest of the path is one dotted key.
 */
export function checkKeyPath(path: KeyPath, rawRoot: unknown): PathCheck {
  let node: Node = describe(experimentSchema, rawRoot);
  let raw = rawRoot;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (node.kind === 'record') return { ok: true, path: [...path.slice(0, i), path.slice(i).join('.')] };
    const next = step(node, raw, seg);
    if (next) ({ node, raw } = next);
    else if (node.kind === 'object') {
      return { ok: false, at: path.slice(0, i), bad: seg, valid: node.keys, reason: 'unknown' };
    } else {
      return { ok: false, at: path.slice(0, i), bad: seg, valid: [], reason: 'not-container' };
    }
  }
  return { ok: true, path };
}

/** `model.hidden[1]`, `sweep["model.hidden"]` — how paths are shown to users. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
