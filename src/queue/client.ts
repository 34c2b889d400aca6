/** One submitter's handles on Redis: the two queues, the flow producer and the event stream. */
import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '../errors.ts';
import { displayQueueUrl, FOLD_QUEUE, RUN_QUEUE, type QueueConnection } from './connection.ts';

export interface QueueClient {
  connection: QueueConnection;
  url: string;
  folds: Queue;
  runs: Queue;
  flows: FlowProducer;
  /** Started on demand: only the submitter listens (for progress). */
  events(): QueueEvents;
  /** A plain Redis client for our own keys (write claims). */
  redis: Redis;
  close(): Promise<void>;
}

export function openQueue(connection: QueueConnection): QueueClient {
  const folds = new Queue(FOLD_QUEUE, { connection });
  const runs = new Queue(RUN_QUEUE, { connection });
  const flows = new FlowProducer({ connection });
  // A Redis restart shows up as connection errors until it is back; commands wait for it.
  folds.on('error', () => {});
  runs.on('error', () => {});
  flows.on('error', () => {});
  let events: QueueEvents | null = null;
  const redis = new Redis(connection);
  redis.on('error', () => {});
  return {
    redis,
    connection,
    url: displayQueueUrl(connection),
    folds,
    runs,
    flows,
    events() {
      if (!events) {
        events = new QueueEvents(FOLD_QUEUE, { connection });
        events.on('error', () => {});
      }
      return events;
    },
    async close() {
      await Promise.allSettled([folds.close(), runs.close(), flows.close(), events?.close(), redis.quit()]);
    },
  };
}

/** Fail fast with a clear message when Redis is not there at all (later outages are waited out). */
export async function checkReachable(connection: QueueConnection, timeoutMs = 5000): Promise<void> {
  const probe = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  probe.on('error', () => {});
  let reason = '';
  try {
    await probe.connect();
    if ((await probe.ping()) === 'PONG') return;
  } catch (e) {
    reason = ` (${(e as Error).message})`;
  } finally {
    probe.disconnect();
  }
  throw new UserError('QUEUE_UNAVAILABLE', `cannot reach Redis at ${displayQueueUrl(connection)}${reason}.`, {
    key: '--queue',
    hint: 'Start it (`redis-server --port 6379 --appendonly yes`), check host, port and firewall, or run without --queue to compute the folds here.',
  });
}
