/**
 * File-system faults are the user's environment, not our bugs: a read-only or full disk, a file
 * where a directory should be, a busy mount point. `fsFault` turns Node's errno errors into a
 * one-paragraph UserError (code FILE_SYSTEM, exit 3) that names the path, says what the system
 * answered and how to fix it. Anything without an errno code is left alone (a bug keeps its stack).
 */
import { UserError } from '../errors.ts';

interface Answer {
  /** What the system answered, in words. */
  said: string;
  hint: string;
}

const ANSWERS: Record<string, Answer> = {
  EROFS: { said: 'the file system is read-only', hint: 'Write to a writable location (e.g. another --out), or remount the disk read-write.' },
  ENOSPC: { said: 'no space left on the device', hint: 'Free some space on that disk, or write to another one; files written before are unchanged.' },
  EDQUOT: { said: 'the disk quota is exceeded', hint: 'Free some space within your quota, or write to another disk; files written before are unchanged.' },
  ENOTDIR: { said: 'a part of the path is a file, not a directory', hint: 'Choose a path whose parent folders are directories, or move the file that is in the way.' },
  EISDIR: { said: 'it is a directory, where a file is needed', hint: 'Name a file, not a directory.' },
  EBUSY: { said: 'the path is busy (a mount point, or in use by another process)', hint: 'Choose a path inside the mounted folder rather than the mount point itself, or wait until it is free.' },
  EACCES: { said: 'permission denied', hint: 'Choose a location you may write to, or fix the permissions.' },
  EPERM: { said: 'the operation is not permitted', hint: 'Choose a location you may write to, or fix the permissions or attributes.' },
  ENOENT: { said: 'no such file or directory (or a dangling symbolic link)', hint: 'Check the path; a symbolic link on it must point at something that exists.' },
  ELOOP: { said: 'too many levels of symbolic links', hint: 'A symbolic link on the path points, directly or not, at itself; fix or remove it.' },
  ENAMETOOLONG: { said: 'the file name is too long', hint: 'Use a shorter path.' },
  EMFILE: { said: 'too many open files', hint: 'Raise the open-file limit (ulimit -n) or run fewer jobs at once.' },
  ENFILE: { said: 'too many open files on the system', hint: 'Close other programs or raise the system limit.' },
  EIO: { said: 'an input/output error (the disk or network share failed)', hint: 'Check the disk or the mount; the earlier files are unchanged.' },
  EXDEV: { said: 'the rename would cross file systems', hint: 'Keep the output and its folder on one file system.' },
  EEXIST: { said: 'it already exists', hint: 'Choose another path, or move the existing one.' },
  ETXTBSY: { said: 'the file is busy (being executed)', hint: 'Choose another path.' },
  EFBIG: { said: 'the file is too large for this file system', hint: 'Write to a file system that supports large files.' },
};

export function isErrnoError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** What the system answered for an errno code, in words (with the code). */
export function systemAnswer(code: string): string {
  return `${ANSWERS[code]?.said ?? 'the system refused'} (${code})`;
}

/**
 * `e` as a FILE_SYSTEM UserError naming `path` and what was being done (`action`, e.g. "write
 * the result file"); returns `e` unchanged when it is not an errno error.
 */
export function fsFault(e: unknown, path: string | undefined, action: string): unknown {
  if (!isErrnoError(e)) return e;
  const shown = path ?? (e.path as string | undefined) ?? (e as { dest?: string }).dest;
  const answer = ANSWERS[e.code];
  return new UserError('FILE_SYSTEM', `cannot ${action}: ${systemAnswer(e.code)}.`, {
    file: shown,
    hint: answer?.hint ?? 'Check the disk and the path, then run again.',
  });
}

/** Run `op`; an errno error it throws becomes a FILE_SYSTEM UserError naming `path`. */
export async function guardFs<T>(path: string, action: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw fsFault(e, path, action);
  }
}
