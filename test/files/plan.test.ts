/**
 * Output planning: every way an output can alias an input (same path, `..`, a symbolic link, a
 * hard link, inside an input folder, a folder output around an input) is refused before any work,
 * and every way the disk can refuse (a file on the path, a read-only mount, a full mount, a mount
 * point replaced whole) is a FILE_SYSTEM error naming the path. Fine outputs pass, resolved.
 */
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { planOutputs, realTarget, type InputSpec, type OutputSpec } from '../../src/files/plan.ts';
import { mountTmpfs, skipLoudly } from './mounts.ts';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'hl-plan-')));
after(() => rmSync(root, { recursive: true, force: true }));
const at = (...p: string[]) => join(root, ...p);
mkdirSync(at('data'));
mkdirSync(at('model'));
mkdirSync(at('data', 'inner'));
symlinkSync(at('data', 'inner'), at('innerlink'));
writeFileSync(at('data', 'train.csv'), 'a,b\n1,2\n');
writeFileSync(at('model', 'model.json'), '{}');
symlinkSync(at('data', 'train.csv'), at('link.csv'));
symlinkSync('data', at('datalink'));
linkSync(at('data', 'train.csv'), at('hard.csv'));
symlinkSync(at('nowhere', 'x.csv'), at('dangling.csv'));
symlinkSync(at('data', 'future.csv'), at('pending.csv'));
writeFileSync(at('a-file'), 'x');

const inputs: InputSpec[] = [
  { what: 'the --data file', path: at('data', 'train.csv') },
  { what: 'the --model folder', path: at('model') },
];
const file = (path: string, flag = '--out'): OutputSpec => ({ flag, path, kind: 'file' });

test('aliases of an input are refused (OUTPUT_CONFLICT), naming the flag and the input', async () => {
  const cases: [string, OutputSpec[], RegExp][] = [
    ['the same path', [file(at('data', 'train.csv'))], /is the same as the --data file/],
    ['through ..', [file(at('model', '..', 'data', 'train.csv'))], /is the same as the --data file/],
    ['through a linked file', [file(at('link.csv'))], /is the same as the --data file .*\(really .*train\.csv\)/],
    ['through a linked folder', [file(at('datalink', 'train.csv'))], /is the same as the --data file/],
    ['.. after a link is the link target\'s parent', [file(`${at('innerlink')}/../train.csv`)], /is the same as the --data file/],
    ['a hard link', [file(at('hard.csv'))], /another name of it: a hard link/],
    ['inside the model folder', [file(at('model', 'sub.csv'))], /lies inside the --model folder/],
    ['a folder output around an input', [{ flag: '--save-model', path: at('data'), kind: 'folder' }], /would replace the folder that holds the --data file/],
    ['two outputs, one file', [file(at('r.md')), file(at('datalink', '..', 'r.md'), '--html')], /--html.*is the same as --out/],
    ['a folder output around another output', [file(at('x', 'r.md')), { flag: '--save-model', path: at('x'), kind: 'folder' }], /would replace the folder that holds --out/],
  ];
  for (const [what, outputs, pattern] of cases) {
    await assert.rejects(planOutputs(outputs, inputs), (e: unknown) => isUserError(e) && e.code === 'OUTPUT_CONFLICT' && pattern.test(e.message) && /Nothing was written/.test(e.message), what);
  }
});

test('the wrong kind is refused: a folder for a file, a file for a folder', async () => {
  await assert.rejects(planOutputs([file(at('data'))], []), /the output is a folder, but a file is written here/);
  await assert.rejects(planOutputs([{ flag: '--save-model', path: at('a-file'), kind: 'folder' }], []), /the output is a file, but a folder is written here/);
  await assert.rejects(planOutputs([file(at('a-file', 'sub.csv'))], []), (e: unknown) => isUserError(e) && e.code === 'FILE_SYSTEM' && /a-file: cannot write --out .*not a directory \(ENOTDIR\)/.test(e.message));
});

test('fine outputs pass and resolve to where the bytes will land, links followed', async () => {
  const [a, b, c] = await planOutputs([file(at('sub', 'new.csv')), file(at('pending.csv'), '--html'), { flag: '--out', path: at('data'), kind: 'into' }], inputs);
  assert.equal(a.real, at('sub', 'new.csv'));
  assert.equal(b.real, at('data', 'future.csv'), 'a link to a file not yet written is written through');
  assert.equal(c.real, at('data'), 'new files may be added beside the data');
  assert.equal(await realTarget(at('dangling.csv')), at('nowhere', 'x.csv'));
});

test('a read-only mount and a full mount are FILE_SYSTEM errors before any work', async (t) => {
  const m = mountTmpfs('64k');
  if (!m) return t.skip(skipLoudly('read-only and full output planning'));
  t.after(() => m.unmount());
  writeFileSync(join(m.dir, 'fill'), Buffer.alloc(64 * 1024));
  await assert.rejects(planOutputs([file(join(m.dir, 'out.csv'))], []), (e: unknown) => isUserError(e) && e.code === 'FILE_SYSTEM' && /no space left on the device \(ENOSPC\)/.test(e.message) && e.message.includes(m.dir));
  rmSync(join(m.dir, 'fill'));
  m.remount('ro');
  await assert.rejects(planOutputs([file(join(m.dir, 'deep', 'out.csv'))], []), (e: unknown) => isUserError(e) && e.code === 'FILE_SYSTEM' && /read-only \(EROFS\)/.test(e.message));
});

test('a mount point given as a folder that is replaced whole is EBUSY up front', async (t) => {
  const m = mountTmpfs('64k');
  if (!m) return t.skip(skipLoudly('mount point as --save-model'));
  t.after(() => m.unmount());
  await assert.rejects(planOutputs([{ flag: '--save-model', path: m.dir, kind: 'folder' }], []), (e: unknown) => isUserError(e) && e.code === 'FILE_SYSTEM' && /mount point.*busy .*\(EBUSY\)/.test(e.message));
  // Results are only added into a folder: a mount point is fine there.
  await planOutputs([{ flag: '--out', path: m.dir, kind: 'into' }], []);
});
