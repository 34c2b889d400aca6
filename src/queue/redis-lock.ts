/**
 * Redis keys held by one process at a time (SET NX with an expiry), shared by the submit lock
 * (submit.ts) and the result-file write claim (write-claim.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Delete `key` only if it still holds `value`: whoever took it over since keeps it. */
export async function deleteIfHeld(redis: Redis, key: string, value: string): Promise<boolean> {
  const deleted = await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, key, value);
  return deleted === 1;
}

/** Runs `fn` while holding `key`; a holder that dies frees it after `ttlMs`. */
export async function withLock<T>(redis: Redis, key: string, ttlMs: number, fn: () => Promise<T>): Promise<T> {
  const token = randomUUID();
  while ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') await new Promise((r) => setTimeout(r, 50));
  try {
    return await fn();
  } finally {
    await deleteIfHeld(redis, key, token);
  }
}
