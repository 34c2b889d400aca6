/** The one error path: every command reports every failure the same way, with its own exit code. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { runDataCommand } from '../../src/cli/data.ts';
import { runExpCommand } from '../../src/cli/exp.ts';
import { defineCommand, EXIT, reportError, type CommandIo } from '../../src/cli/main.ts';
import { runPredictCommand } from '../../src/cli/predict.ts';
import { runReport } from '../../src/cli/report.ts';
import { UserError } from '../../src/errors.ts';

function capture(): { io: CommandIo; err: () => string } {
  let err = '';
  return { io: { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } }, err: () => err };
}

test('reportError: each kind of failure has its own exit code; only bugs show a stack', () => {
  const errno = Object.assign(new Error("EACCES: permission denied, open '/data/x.csv'"), { code: 'EACCES', path: '/data/x.csv', syscall: 'open' });
  const cases: [unknown, number, RegExp][] = [
    [new UserError('CONFIG_INVALID', 'bad key.', { file: 'x.yaml', line: 3 }), EXIT.usage, /^error: x\.yaml:3: bad key\.\n$/],
    [new UserError('FILE_SYSTEM', 'cannot write.', { file: '/ro/out.csv' }), EXIT.environment, /^error: \/ro\/out\.csv: cannot write\.\n$/],
    [errno, EXIT.environment, /^error: \/data\/x\.csv: cannot access the file: permission denied \(EACCES\)\. .*\n$/],
    [new UserError('RESOURCE_LIMIT', 'too big.'), EXIT.resources, /^error: too big\.\n$/],
    [new UserError('INTERRUPTED', 'run interrupted.'), EXIT.interrupted, /^error: run interrupted\.\n$/],
    [new TypeError('x is undefined'), EXIT.internal, /^internal error \(a bug in hurdle-lab, please report it; exit 70\):\nTypeError: x is undefined\n\s+at /],
  ];
  for (const [thrown, code, pattern] of cases) {
    const c = capture();
    assert.equal(reportError(thrown, c.io.stderr), code, String(thrown));
    assert.match(c.err(), pattern);
  }
  // The exit codes are distinct: a script can tell a diverged fold from a full disk from a bug.
  assert.equal(new Set(Object.values(EXIT)).size, Object.keys(EXIT).length);
});

test('defineCommand: a command never throws; what it throws is reported once', async () => {
  const c = capture();
  const command = defineCommand(async () => {
    throw new UserError('CLI_USAGE', 'nope.');
  }, () => c.io);
  assert.equal(await command([]), EXIT.usage);
  assert.equal(c.err(), 'error: nope.\n');
});

test('all four CLIs: a usage error is one "error:" paragraph, exit 2, no stack', async () => {
  const commands: [string, (argv: string[], io: CommandIo) => Promise<number>][] = [
    ['exp', (a, io) => runExpCommand(a, io)],
    ['predict', (a, io) => runPredictCommand(a, io)],
    ['report', (a, io) => runReport(a, io)],
    ['data', (a, io) => runDataCommand(a, io)],
  ];
  for (const [name, run] of commands) {
    const c = capture();
    assert.equal(await run(['--no-such-option', '1'], c.io), EXIT.usage, name);
    assert.match(c.err(), /^error: .*(Unknown argument|no-such-option|Missing required).*\n$/s, name);
    assert.equal(c.err().trim().split('\n').length, 1, `${name}: one paragraph`);
  }
});
