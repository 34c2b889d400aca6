import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { deleteIfHeld, withLock } from '../../src/queue/redis-lock.ts';
import { queueTest, testRedis } from './redis.ts';

queueTest('withLock: two holders of one key run one after the other; deleteIfHeld leaves a key someone else took over', {}, async (t) => {
  const server = await testRedis(7);
  const redis = new Redis(server.url);
  t.after(async () => {
    await redis.quit();
    await server.stop();
  });
  const log: string[] = [];
  const hold = (who: string) =>
    withLock(redis, 'lock-test', 10_000, async () => {
      log.push(`${who} in`);
      await new Promise((r) => setTimeout(r, 150));
      log.push(`${who} out`);
      return who;
    });
  assert.deepEqual(await Promise.all([hold('a'), hold('b')]), ['a', 'b']);
  assert.ok(log.join() === 'a in,a out,b in,b out' || log.join() === 'b in,b out,a in,a out', `interleaved: ${log.join()}`);
  assert.equal(await redis.exists('lock-test'), 0, 'released after use');

  await redis.set('claim', 'mine');
  assert.equal(await deleteIfHeld(redis, 'claim', 'someone else'), false);
  assert.equal(await redis.get('claim'), 'mine');
  assert.equal(await deleteIfHeld(redis, 'claim', 'mine'), true);
  assert.equal(await redis.exists('claim'), 0);
});
