/** --help of every tool: examples are a description line and a command that fits, never side by side. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../run/helpers.ts';

for (const tool of ['exp', 'report', 'predict', 'data', 'folds', 'score', 'results', 'worker', 'queue']) {
  test(`npm run ${tool} -- --help: fits 80 columns, examples one command per block, no --version`, () => {
    const help = execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, `src/cli/${tool}.ts`), '--help'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } });
    for (const line of help.split('\n')) assert.ok([...line].length <= 80, `too wide: ${line}`);
    assert.doesNotMatch(help, /--version/, 'the same flags as the other tools');
    assert.match(help, new RegExp(`^Usage: |^npm run ${tool} --`, 'm'));
    const ex = help.split('Examples:')[1];
    if (tool !== 'data') {
      assert.ok(ex, 'has examples');
      // Every command line starts at the same indent, alone, and its description is on the line above.
      for (const l of ex.replace(/^\n+|\s+$/g, '').split('\n')) assert.match(l, /^(  \S.*:|    npm run \S+ --.*|        \S.*)$/, `example layout: ${l}`);
    }
  });
}
