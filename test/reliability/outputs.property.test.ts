/**
 * Hostile output paths: generated paths through `..`, symbolic links (to files, to folders, to
 * `..`, dangling) and hard links, given as a file output or as a folder replaced whole, against
 * generated sets of inputs. The oracle is independent of the planner: the same write done the
 * naive way by the shell (`printf > path`, `rm -rf $(readlink -m path)`) in a copy of the tree,
 * then a look at whether any input changed. Properties:
 *  - the planner accepts nothing whose naive write destroys an input, and refuses as an alias only
 *    what the naive write destroys or cannot do at all (a file written over a folder);
 *  - whatever it accepts, our writer writes without changing any input (nothing lost);
 *  - a FILE_SYSTEM refusal only where the naive write fails too.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { isUserError } from '../../src/errors.ts';
import { writeFileAtomic } from '../../src/files/atomic.ts';
import { writeDirectoryAtomic } from '../../src/files/atomic-dir.ts';
import { planOutputs } from '../../src/files/plan.ts';
import { Outcomes } from './sanity.ts';

const SEED = Number(process.env.FC_SEED ?? 20261201);
const RUNS = Number(process.env.FC_RUNS ?? 80);
const root = mkdtempSync(join(tmpdir(), 'hl-outputs-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The tree every case starts from, four levels deep so that `..` cannot leave the sandbox. */
const BOX = join('w1', 'w2', 'w3', 'box');
function makeTemplate(dir: string): void {
  const b = join(dir, BOX);
  mkdirSync(join(b, 'data', 'inner'), { recursive: true });
  mkdirSync(join(b, 'model'));
  mkdirSync(join(b, 'other'));
  writeFileSync(join(b, 'data', 'train.csv'), 'a,b\n1,2\n');
  writeFileSync(join(b, 'data', 'test.csv'), 'a\n3\n');
  writeFileSync(join(b, 'model', 'model.json'), '{"m":1}');
  writeFileSync(join(b, 'model', 'weights.bin'), 'wwww');
  symlinkSync('data/train.csv', join(b, 'L_train'));
  symlinkSync('data', join(b, 'L_data'));
  symlinkSync('data/inner', join(b, 'L_inner'));
  symlinkSync('model', join(b, 'L_model'));
  symlinkSync('..', join(b, 'other', 'up'));
  symlinkSync('data/new.csv', join(b, 'L_dangling'));
  linkSync(join(b, 'data', 'test.csv'), join(b, 'hard.csv'));
}
const template = join(root, 'template');
makeTemplate(template);

const PARTS = ['data', 'model', 'other', 'inner', 'L_train', 'L_data', 'L_inner', 'L_model', 'up', 'L_dangling', 'hard.csv', 'train.csv', 'test.csv', 'model.json', 'new.csv', 'out.csv', '.', '..'];
const INPUTS = ['data/train.csv', 'data/test.csv', 'model'] as const;

const caseArb = fc.record({
  parts: fc.array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 4 }).filter((p) => p[0] !== '..'),
  kind: fc.constantFrom('file' as const, 'folder' as const),
  inputs: fc.subarray([...INPUTS], { minLength: 1 }),
});

/** Content of every input (a folder: every file under it), to compare before and after. */
function snapshot(box: string, inputs: readonly string[]): string {
  const walk = (p: string): string => {
    try {
      const st = statSync(p);
      if (!st.isDirectory()) return readFileSync(p, 'latin1');
      return readdirSync(p).sort().map((e) => `${e}:{${walk(join(p, e))}}`).join(',');
    } catch {
      return 'MISSING';
    }
  };
  return inputs.map((i) => `${i}=${walk(join(box, i))}`).join('\n');
}

let caseNo = 0;
function sandbox(): string {
  const dir = join(root, `case${++caseNo}`);
  execFileSync('cp', ['-a', template, dir]);
  return dir;
}

/** The naive write, by the shell: does it succeed, and does it change an input? */
function naive(parts: string[], kind: 'file' | 'folder', inputs: readonly string[]): { failed: boolean; destroyed: boolean } {
  const dir = sandbox();
  const box = join(dir, BOX);
  const before = snapshot(box, inputs);
  const p = `${box}/${parts.join('/')}`;
  const script =
    kind === 'file'
      ? 'mkdir -p -- "$(dirname -- "$1")" && printf SENTINEL > "$1"'
      : 't=$(readlink -m -- "$1") && rm -rf -- "$t" && mkdir -p -- "$t" && printf SENTINEL > "$t/f"';
  let failed = false;
  try {
    execFileSync('sh', ['-c', script, 'sh', p], { stdio: 'pipe' });
  } catch {
    failed = true;
  }
  const destroyed = snapshot(box, inputs) !== before;
  rmSync(dir, { recursive: true, force: true });
  return { failed, destroyed };
}

test('generated output paths that alias inputs: refused when a naive write would destroy one; nothing lost', async () => {
  const outcomes = new Outcomes();
  await fc.assert(
    fc.asyncProperty(caseArb, async ({ parts, kind, inputs }) => {
      const oracle = naive(parts, kind, inputs);
      const dir = sandbox();
      const box = join(dir, BOX);
      const before = snapshot(box, inputs);
      const out = `${box}/${parts.join('/')}`;
      const specs = inputs.map((i) => ({ what: i === 'model' ? 'the --model folder' : 'the --data file', path: join(box, i) }));
      const label = `${kind} ${parts.join('/')} vs ${inputs.join(', ')}`;
      let outcome: string;
      try {
        const [planned] = await planOutputs([{ flag: '--out', path: out, kind }], specs);
        assert.ok(!oracle.destroyed, `${label}: accepted, but a naive write destroys an input`);
        try {
          if (kind === 'file') await writeFileAtomic(planned.real, 'SENTINEL');
          else await writeDirectoryAtomic(planned.real, { f: 'SENTINEL' }, { replaceable: ['f'] });
          outcome = 'accepted+written';
        } catch (e) {
          assert.ok(isUserError(e), `${label}: the write failed with a bug: ${String(e)}`);
          outcome = `accepted+write-refused:${e.code}`;
        }
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(isUserError(e), `${label}: planning threw a bug: ${String(e)}`);
        const kindError = /but a (file|folder) is written here/.test(e.message);
        if (e.code === 'OUTPUT_CONFLICT' && !kindError) assert.ok(oracle.destroyed || oracle.failed, `${label}: refused as an alias, but a naive write succeeds and destroys nothing: ${e.message}`);
        if (e.code === 'FILE_SYSTEM') assert.ok(oracle.failed || oracle.destroyed, `${label}: FILE_SYSTEM refusal where the shell can write: ${e.message}`);
        outcome = kindError ? 'refused:wrong-kind' : `refused:${e.code}`;
      }
      assert.equal(snapshot(box, inputs), before, `${label}: an input changed (${outcome})`);
      outcomes.count(outcome);
      rmSync(dir, { recursive: true, force: true });
    }),
    { seed: SEED, numRuns: RUNS },
  );
  process.stdout.write(`# outputs: ${outcomes.summary()}\n`);
  assert.ok(outcomes.get('accepted+written') > 0 && outcomes.get('refused:OUTPUT_CONFLICT') > 0, `both outcomes occur: ${outcomes.summary()}`);
});
