/**
 * `--queue redis://[user:password@]host:port[/db]` → the connection BullMQ uses, the names of our
 * two queues, and a display form of the URL without credentials (what result files record).
 */
import { UserError } from '../errors.ts';

/** Fold jobs (children) and run jobs (parents: one per run, done when all its folds are). */
export const FOLD_QUEUE = 'hurdle-folds';
export const RUN_QUEUE = 'hurdle-runs';

export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** BullMQ workers need this: a blocking command must wait out a Redis restart, not fail. */
  maxRetriesPerRequest: null;
}

export function parseQueueUrl(text: string, key = '--queue'): QueueConnection {
  const fail = (why: string) =>
    new UserError('CLI_USAGE', `bad ${key} ${JSON.stringify(text)}: ${why}.`, {
      key,
      expected: 'redis://HOST:PORT or redis://HOST:PORT/DB (e.g. redis://127.0.0.1:6379/0)',
      found: JSON.stringify(text),
      hint: 'Start Redis with `redis-server --port 6379 --appendonly yes` and pass its address.',
    });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail('not a URL');
  }
  if (url.protocol !== 'redis:') throw fail(`the scheme must be redis://, got ${url.protocol}//`);
  if (!url.hostname) throw fail('no host');
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0 || db > 15) throw fail(`the database must be an integer 0–15, got ${JSON.stringify(dbText)}`);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL as recorded and shown: never the password. */
export function displayQueueUrl(c: QueueConnection): string {
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `redis://${host}:${c.port}/${c.db}`;
}
