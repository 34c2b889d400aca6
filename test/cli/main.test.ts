/** The one error path: every command reports every failure the same way, with its own exit code. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { runDataCommand } from '../../src/cli/data.ts';
import { runExpCommand } from '../../src/cli/exp.ts';
import { defineCommand, EXIT, reportError, type CommandIo } from '../../src/cli/main.ts';
import { runFoldsCommand } from '../../src/cli/folds.ts';
import { runPredictCommand } from '../../src/cli/predict.ts';
import { runQueueCommand } from '../../src/cli/queue.ts';
import { runReport } from '../../src/cli/report.ts';
import { runResultsCommand } from '../../src/cli/results.ts';
import { runScoreCommand } from '../../src/cli/score.ts';
import { runWorkerCommand, type WorkerIo } from '../../src/cli/worker.ts';
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

const neverStopped: WorkerIo['stop'] = { onDrain: () => {}, onForce: () => {} };
const COMMANDS: [string, (argv: string[], io: CommandIo) => Promise<number>][] = [
  ['exp', (a, io) => runExpCommand(a, io)],
  ['predict', (a, io) => runPredictCommand(a, io)],
  ['report', (a, io) => runReport(a, io)],
  ['data', (a, io) => runDataCommand(a, io)],
  ['folds', (a, io) => runFoldsCommand(a, io)],
  ['score', (a, io) => runScoreCommand(a, io)],
  ['results', (a, io) => runResultsCommand(a, io)],
  ['worker', (a, io) => runWorkerCommand(a, { ...io, stop: neverStopped })],
  ['queue', (a, io) => runQueueCommand(a, io)],
];

test('every CLI: a usage error is one "error:" paragraph, exit 2, no stack', async () => {
  for (const [name, run] of COMMANDS) {
    const c = capture();
    assert.equal(await run(['--no-such-option', '1'], c.io), EXIT.usage, name);
    assert.match(c.err(), /^error: .*(Unknown argument|Unknown command|no-such-option|Missing required|name a subcommand).*\n$/s, name);
    assert.equal(c.err().trim().split('\n').length, 1, `${name}: one paragraph`);
  }
});

test('every CLI: --help goes to the command\'s stdout (not the console), exit 0, and lists --help', async () => {
  for (const [name, run] of COMMANDS) {
    let out = '';
    let err = '';
    const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
    assert.equal(await run(['--help'], io), EXIT.ok, `${name}: ${err}`);
    assert.match(out, new RegExp(`^npm run ${name} --`), name);
    assert.match(out, /--help\s+Show help/, name);
    assert.equal(err, '', name);
  }
});
