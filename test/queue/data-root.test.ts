import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { candidatePaths, parseDataRoot, resolveDataPath } from '../../src/queue/data-root.ts';
import { tempDir } from '../run/helpers.ts';

test('--data-root: FROM=TO replaces a path prefix, DIR looks for the file name, the original path comes last', () => {
  const roots = [parseDataRoot('/home/ana/data=/mnt/shared'), parseDataRoot('/srv/copies')];
  assert.deepEqual(candidatePaths('/home/ana/data/ga/sessions.csv', roots), ['/mnt/shared/ga/sessions.csv', '/srv/copies/sessions.csv', '/home/ana/data/ga/sessions.csv']);
  // A prefix only matches whole path components.
  assert.deepEqual(candidatePaths('/home/ana/database.csv', [roots[0]]), ['/home/ana/database.csv']);
  assert.throws(() => parseDataRoot('=/x'), /bad --data-root "=\/x".*FROM=TO/);
});

test('the first candidate that exists wins; none existing is a user error listing what was tried', () => {
  const dir = tempDir('hurdle-dataroot-');
  mkdirSync(path.join(dir, 'copy'));
  writeFileSync(path.join(dir, 'copy', 'train.csv'), 'a\n1\n');
  assert.equal(resolveDataPath('/elsewhere/train.csv', [parseDataRoot(path.join(dir, 'copy'))], 'w1'), path.join(dir, 'copy', 'train.csv'));
  assert.throws(
    () => resolveDataPath('/elsewhere/missing.csv', [parseDataRoot(path.join(dir, 'copy'))], 'w1'),
    /`data.path`: worker w1 cannot see the experiment's CSV \/elsewhere\/missing.csv\. Expected the same file on this worker, got nothing at .*copy\/missing\.csv, \/elsewhere\/missing\.csv\. Put the file/,
  );
});
