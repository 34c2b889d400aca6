import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../src/config/flags.ts';
import { syntheticSchema } from '../../src/config/schema.ts';
import { userErrorOf } from './helpers.ts';

const FLAGS = { rows: '--rows', buyerRate: '--buyer-rate', mode: '--mode' };

test('flags: valid values come back parsed, the schema defaults filled in', () => {
  const out = parseFlags(syntheticSchema, { rows: 100, buyerRate: 0.04, mode: 'users' }, FLAGS);
  assert.deepEqual(out, { rows: 100, buyerRate: 0.04, tailSigma: 1, leakage: 1, seed: 1473281002, mode: 'users' });
});

test('flags: a bad value is a CLI_USAGE error at its flag, in the words of the YAML key', () => {
  const err = userErrorOf(() => parseFlags(syntheticSchema, { rows: 100, buyerRate: 0 }, FLAGS));
  assert.equal(err.code, 'CLI_USAGE');
  assert.deepEqual([err.details.file, err.details.key, err.details.found], [undefined, '--buyer-rate', '0']);
  assert.equal(err.message, '`--buyer-rate`: must be a share in (0, 1), got 0.');
});

test('flags: every bad flag is listed, and an enum typo gets a did-you-mean', () => {
  const err = userErrorOf(() => parseFlags(syntheticSchema, { rows: -2, buyerRate: 2, mode: 'user' }, FLAGS));
  assert.deepEqual(err.message.split('\n'), [
    '`--rows`: must be a positive integer, got -2. (3 problems, listed below)',
    '  also: `--buyer-rate`: must be a share in (0, 1), got 2.',
    '  also: `--mode`: must be one of "sessions", "users", got "user". Did you mean "users"?',
  ]);
});
