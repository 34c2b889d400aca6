/**
 * Outputs are planned before any work starts. `planOutputs` resolves every output path (through
 * symbolic links and `..`, to where the bytes will really land) and checks, before a single fold
 * is trained, that it is writable, of the right kind (file vs folder), and not the same as any
 * input (data files, model folders, result files, experiment files) nor as another output. Hard
 * links count too: two names of one inode are one file.
 *
 * An alias is OUTPUT_CONFLICT (exit 2: the command line is wrong); a disk that cannot take the
 * output is FILE_SYSTEM (exit 3), with the same wording as a fault during the write (fault.ts).
 */
import { constants as fsc, promises as fsp, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.ts';
import { fsFault } from './fault.ts';

export interface OutputSpec {
  /** The option that names it, as the user typed it (`--out`, `--save-model`). */
  flag: string;
  path: string;
  /**
   * 'file': one file replaced atomically. 'folder': a folder replaced whole (a saved model).
   * 'into': a folder new files are added to, never replacing one (the result folder).
   */
  kind: 'file' | 'folder' | 'into';
}

export interface InputSpec {
  /** What it is, for messages ("the --data file", "the model folder"). */
  what: string;
  path: string;
}

export interface PlannedOutput extends OutputSpec {
  /** Absolute path where the output will be written, symbolic links resolved. */
  real: string;
}

const MAX_LINK_HOPS = 40;

/**
 * The absolute path `p` really names, as the kernel resolves it: component by component, every
 * symbolic link followed (a dangling last one too: writing through it creates its target), and
 * `..` taken after the link before it is followed, not lexically (`link/..` is the link target's
 * parent, which `path.resolve` would get wrong).
 */
export async function realTarget(p: string): Promise<string> {
  return walk(isAbsolute(p) ? p : `${process.cwd()}${sep}${p}`, { hops: 0 });
}

async function walk(p: string, budget: { hops: number }, from: string = sep): Promise<string> {
  let cur: string = isAbsolute(p) ? sep : from;
  for (const part of p.split(sep)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      cur = dirname(cur); // cur has no links left in it, so its lexical parent is its real parent
      continue;
    }
    const next = join(cur, part);
    const st = await fsp.lstat(next).catch(() => null);
    if (!st?.isSymbolicLink()) {
      cur = next;
      continue;
    }
    if (++budget.hops > MAX_LINK_HOPS) throw fsFault(Object.assign(new Error('ELOOP'), { code: 'ELOOP' }), p, 'resolve the path');
    cur = await walk(await fsp.readlink(next), budget, cur);
  }
  return cur;
}

const inside = (child: string, folder: string) => child === folder || child.startsWith(folder.endsWith(sep) ? folder : folder + sep);

interface Resolved {
  label: string;
  real: string;
  stats: Stats | null;
  /** Outputs and folder inputs cover what is inside them. */
  folder: boolean;
  /** ` (really <path>)` when links or `..` made the real path differ from the one typed, else ''. */
  shownReal: string;
}

async function resolveOne(label: string, path: string, folder: boolean): Promise<Resolved> {
  const real = await realTarget(path);
  return { label, real, stats: await fsp.stat(real).catch(() => null), folder, shownReal: real === resolve(path) ? '' : ` (really ${real})` };
}

const sameInode = (a: Stats | null, b: Stats | null) => !!a && !!b && a.ino === b.ino && a.dev === b.dev;

function overlap(out: Resolved, other: Resolved, outKind: OutputSpec['kind']): string | null {
  if (out.real === other.real || sameInode(out.stats, other.stats)) {
    const how = out.real === other.real ? '' : ' (another name of it: a hard link)';
    return outKind === 'into' && other.folder ? null : `is the same as ${other.label}${other.shownReal}${how}`;
  }
  if (outKind === 'folder' && inside(other.real, out.real)) return `would replace the folder that holds ${other.label}${other.shownReal}`;
  if (other.folder && inside(out.real, other.real)) return `lies inside ${other.label}${other.shownReal}, which it would change`;
  return null;
}

/** Check every output against the disk, the inputs and the other outputs (see module comment). */
export async function planOutputs(outputs: OutputSpec[], inputs: InputSpec[]): Promise<PlannedOutput[]> {
  const planned: PlannedOutput[] = [];
  const resolvedInputs = await Promise.all(inputs.map(async (i) => resolveOne(`${i.what} ${i.path}`, i.path, (await fsp.stat(i.path).catch(() => null))?.isDirectory() ?? false)));
  const done: Resolved[] = [];
  for (const o of outputs) {
    const out = await resolveOne(`${o.flag} ${o.path}`, o.path, o.kind === 'folder');
    checkKind(o, out);
    const via = out.shownReal;
    for (const other of [...resolvedInputs, ...done]) {
      const clash = overlap(out, other, o.kind);
      if (clash) {
        throw new UserError('OUTPUT_CONFLICT', `the output ${clash}${via}; writing it would destroy what it reads. Nothing was written.`, {
          key: o.flag,
          file: o.path,
          hint: `Choose another path for ${o.flag}.`,
        });
      }
    }
    await checkWritable(o, out);
    done.push(out);
    planned.push({ ...o, real: out.real });
  }
  return planned;
}

function checkKind(o: OutputSpec, out: Resolved): void {
  const wrong = (message: string, hint: string) => new UserError('OUTPUT_CONFLICT', message, { key: o.flag, file: o.path, hint });
  if (!out.stats) return;
  if (o.kind === 'file' && out.stats.isDirectory()) throw wrong('the output is a folder, but a file is written here.', `Name a file for ${o.flag}, e.g. ${join(o.path, 'out.csv')}.`);
  if (o.kind !== 'file' && !out.stats.isDirectory()) throw wrong('the output is a file, but a folder is written here.', `Name a folder for ${o.flag}, or move the file.`);
}

async function checkWritable(o: OutputSpec, out: Resolved): Promise<void> {
  if (out.stats) {
    if (o.kind === 'folder') {
      const parent = await fsp.stat(dirname(out.real)).catch(() => null);
      if (parent && parent.dev !== out.stats.dev) {
        throw fsFault(Object.assign(new Error('EBUSY'), { code: 'EBUSY' }), o.path, `replace the folder given to ${o.flag} (it is a mount point)`);
      }
    }
  }
  // The nearest existing folder on the way is where new entries are created: it must take them.
  let at = o.kind === 'into' && out.stats ? out.real : dirname(out.real);
  for (;;) {
    const s = await fsp.stat(at).catch(() => null);
    if (s) {
      if (!s.isDirectory()) throw fsFault(Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' }), at, `write ${o.flag} ${o.path}`);
      break;
    }
    at = dirname(at);
  }
  try {
    await fsp.access(at, fsc.W_OK);
  } catch (e) {
    throw fsFault(e, at, `write ${o.flag} ${o.path}`);
  }
  const free = await fsp.statfs(at).catch(() => null);
  if (free && free.bavail === 0 && free.blocks > 0) throw fsFault(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }), at, `write ${o.flag} ${o.path}`);
}

/** `path` relative to the working directory when shorter, for messages. */
export const shown = (path: string) => {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') && r.length < path.length ? r : path;
};
