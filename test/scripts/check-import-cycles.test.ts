import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { cycles, describeCycles, importSpecifiers, partEdges } from '../../scripts/check-import-cycles.ts';

const root = mkdtempSync(join(tmpdir(), 'cycles-'));
after(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('every kind of relative import counts, comments and packages do not', () => {
  const source = [
    "import { a } from '../a/x.ts';",
    "import type { B } from '../b/y.ts';",
    "export { c } from '../c/z.ts';",
    "export type { D } from '../d/w.ts';",
    "const e = await import('../e/v.ts');",
    "import '../f/side.ts';",
    "import * as tf from '@tensorflow/tfjs';",
    "// import { no } from '../commented/out.ts';",
    "/* import { no } from '../block/comment.ts'; */",
  ].join('\n');
  assert.deepEqual(importSpecifiers(source), ['../a/x.ts', '../b/y.ts', '../c/z.ts', '../d/w.ts', '../e/v.ts', '../f/side.ts']);
});

test('a type-only import that closes a loop is a cycle, reported with the files', () => {
  const src = tree('loop', {
    'models/m.ts': "import { t } from '../train/loop.ts';\n",
    'train/loop.ts': "import type { M } from '../models/m.ts';\nimport { s } from '../seeds.ts';\n",
    'seeds.ts': 'export const s = 1;\n',
  });
  const edges = partEdges(src);
  assert.deepEqual(cycles(edges), [['models', 'train']]);
  const text = describeCycles(edges)!;
  assert.match(text, /cycle: models ↔ train/);
  assert.match(text, /train → models: src\/train\/loop\.ts imports '\.\.\/models\/m\.ts'/);
});

test('a longer loop through three folders is one cycle; layered folders are none', () => {
  assert.deepEqual(cycles([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }]), [['a', 'b', 'c']]);
  const src = tree('layered', {
    'cli/main.ts': "import '../run/x.ts';\nimport '../errors.ts';\n",
    'run/x.ts': "import '../models/m.ts';\nimport './y.ts';\n",
    'run/y.ts': "import '../errors.ts';\n",
    'models/m.ts': "import '../errors.ts';\n",
    'errors.ts': '',
  });
  assert.equal(describeCycles(partEdges(src)), null);
});

test('this repository has no cycles between the top-level parts of src/', () => {
  assert.equal(describeCycles(partEdges(join(import.meta.dirname, '..', '..', 'src'))), null);
});
