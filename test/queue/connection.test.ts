import assert from 'node:assert/strict';
import test from 'node:test';
import { displayQueueUrl, parseQueueUrl } from '../../src/queue/connection.ts';

test('redis URLs: host, port (default 6379), database (default 0), credentials kept out of the display form', () => {
  const cases: [string, { host: string; port: number; db: number }][] = [
    ['redis://127.0.0.1:6380', { host: '127.0.0.1', port: 6380, db: 0 }],
    ['redis://queue.lan', { host: 'queue.lan', port: 6379, db: 0 }],
    ['redis://10.0.0.5:6379/3', { host: '10.0.0.5', port: 6379, db: 3 }],
    ['redis://[::1]:7000/1', { host: '::1', port: 7000, db: 1 }],
  ];
  for (const [url, want] of cases) {
    const c = parseQueueUrl(url);
    assert.deepEqual({ host: c.host, port: c.port, db: c.db }, want, url);
    assert.equal(c.maxRetriesPerRequest, null);
  }
  const secret = parseQueueUrl('redis://ana:s%40cret@h:1/2');
  assert.equal(secret.username, 'ana');
  assert.equal(secret.password, 's@cret');
  assert.equal(displayQueueUrl(secret), 'redis://h:1/2');
  assert.equal(displayQueueUrl(parseQueueUrl('redis://[::1]:7000/1')), 'redis://[::1]:7000/1');
});

test('bad redis URLs are one-paragraph user errors naming --queue and the expected form', () => {
  for (const [url, why] of [
    ['localhost:6379', /not a URL|the scheme must be redis/],
    ['http://h:1', /the scheme must be redis:\/\/, got http:\/\//],
    ['redis://h:1/x', /the database must be an integer 0–15, got "x"/],
    ['redis://h:1/16', /the database must be an integer 0–15, got "16"/],
  ] as const) {
    assert.throws(() => parseQueueUrl(url), (e: Error) => why.test(e.message) && /^`--queue`: bad --queue .*Expected redis:\/\/HOST:PORT/.test(e.message), url);
  }
});
