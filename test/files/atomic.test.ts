/**
 * The one atomic writer, against real faults: a full tmpfs, a read-only mount, a file where a
 * folder should be. Each case checks the three promises: the earlier file is intact, no temp file
 * is left, and the error is a FILE_SYSTEM UserError that names the path and the system's answer.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, promises as fsp, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { writeFileAtomic } from '../../src/files/atomic.ts';
import { writeDirectoryAtomic } from '../../src/files/atomic-dir.ts';
import { writeSyntheticCsv } from '../../src/data/synthetic.ts';
import { mountTmpfs, skipLoudly } from './mounts.ts';

const root = mkdtempSync(join(tmpdir(), 'hl-atomic-'));
after(() => rmSync(root, { recursive: true, force: true }));

const fsError = (pattern: RegExp, path: string) => (e: unknown) =>
  isUserError(e) && e.code === 'FILE_SYSTEM' && pattern.test(e.message) && e.message.includes(path) && !e.message.includes('    at ');
const dotfiles = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.'));

test('creates folders, replaces atomically, writes chunks in order, leaves no temp file', async () => {
  const dir = join(root, 'nested', 'deeper');
  const path = join(dir, 'out.csv');
  await writeFileAtomic(path, 'old\n');
  await writeFileAtomic(path, (function* () {
    yield 'a,b\n';
    yield new TextEncoder().encode('1,2\n');
    yield '3,4\n';
  })());
  assert.equal(readFileSync(path, 'utf8'), 'a,b\n1,2\n3,4\n');
  assert.deepEqual(readdirSync(dir), ['out.csv']);
});

test('every write is fsynced before its rename (the synthetic CSV writer once was not)', async (t) => {
  const probe = await fsp.open(join(root, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const original = proto.sync;
  let syncs = 0;
  proto.sync = function (this: unknown) {
    syncs++;
    return original.call(this);
  };
  t.after(() => {
    proto.sync = original;
  });
  await writeSyntheticCsv(join(root, 'synced', 'synth.csv'), { rows: 50, seed: 1, buyerRate: 0.1, tailSigma: 1, leakage: 0 }, { oracle: true });
  assert.ok(syncs >= 2, `the CSV and its oracle file are fsynced (saw ${syncs} fsyncs)`);
});

test('a full disk: the earlier file stays whole, no temp file, "no space left" naming the path', async (t) => {
  const m = mountTmpfs('64k');
  if (!m) return t.skip(skipLoudly('full-disk atomic write'));
  t.after(() => m.unmount());
  const path = join(m.dir, 'report.html');
  writeFileSync(path, 'the earlier report\n');
  await assert.rejects(writeFileAtomic(path, 'x'.repeat(200_000), 'write the HTML report'), fsError(/cannot write the HTML report: no space left on the device \(ENOSPC\)/, path));
  assert.equal(readFileSync(path, 'utf8'), 'the earlier report\n');
  assert.deepEqual(dotfiles(m.dir), []);
  // The synthetic CSV streams in chunks: the same promise holds mid-stream.
  await assert.rejects(writeSyntheticCsv(path, { rows: 5000, seed: 1, buyerRate: 0.1, tailSigma: 1, leakage: 0 }), fsError(/ENOSPC/, path));
  assert.equal(readFileSync(path, 'utf8'), 'the earlier report\n');
  assert.deepEqual(dotfiles(m.dir), []);
});

test('a read-only mount: "read-only (EROFS)", not ENOENT, and the file is untouched', async (t) => {
  const m = mountTmpfs('64k');
  if (!m) return t.skip(skipLoudly('read-only atomic write'));
  t.after(() => m.unmount());
  const path = join(m.dir, 'sub', 'submission.csv');
  mkdirSync(join(m.dir, 'sub'));
  writeFileSync(path, 'id,purchaseValue\n0,1\n');
  m.remount('ro');
  await assert.rejects(writeFileAtomic(path, 'id,purchaseValue\n0,2\n', 'write the submission file'), fsError(/read-only \(EROFS\)/, path));
  await assert.rejects(writeFileAtomic(join(m.dir, 'new', 'x.csv'), 'a'), fsError(/read-only \(EROFS\)/, m.dir));
  assert.equal(readFileSync(path, 'utf8'), 'id,purchaseValue\n0,1\n');
});

test('a file in the way of a folder, a folder in the way of a file, a dangling parent link', async () => {
  const blocker = join(root, 'blocker');
  writeFileSync(blocker, 'I am a file');
  await assert.rejects(writeFileAtomic(join(blocker, 'out.csv'), 'a'), fsError(/not a directory \(ENOTDIR\)/, blocker));
  const folder = join(root, 'a-folder');
  mkdirSync(folder);
  await assert.rejects(writeFileAtomic(folder, 'a'), fsError(/a directory, where a file is needed \(EISDIR\)/, folder));
  symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
  await assert.rejects(writeFileAtomic(join(root, 'dangling', 'x.csv'), 'a'), (e: unknown) => isUserError(e) && e.code === 'FILE_SYSTEM');
  assert.deepEqual(dotfiles(root), []);
});

test('a model folder on a full disk: the earlier folder survives whole, no staging folder is left', async (t) => {
  const m = mountTmpfs('256k');
  if (!m) return t.skip(skipLoudly('full-disk folder write'));
  t.after(() => m.unmount());
  const dir = join(m.dir, 'model');
  const opts = { replaceable: ['a.json', 'b.bin'], action: 'save the model' };
  await writeDirectoryAtomic(dir, { 'a.json': '{"v":1}', 'b.bin': new Uint8Array(1000) }, opts);
  await assert.rejects(writeDirectoryAtomic(dir, { 'a.json': '{"v":2}', 'b.bin': new Uint8Array(400_000) }, opts), fsError(/cannot save the model: no space left/, dir));
  assert.equal(readFileSync(join(dir, 'a.json'), 'utf8'), '{"v":1}');
  assert.equal(readFileSync(join(dir, 'b.bin')).length, 1000);
  assert.deepEqual(dotfiles(m.dir), []);
});
