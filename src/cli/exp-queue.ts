/** The `--queue` side of `npm run exp`: connect, check Redis is there, and hand the runner the queue executor. */
import type { BackendName } from '../backend.ts';
import { UserError } from '../errors.ts';
import { checkReachable, openQueue } from '../queue/client.ts';
import { parseQueueUrl } from '../queue/connection.ts';
import { queueExecutor } from '../queue/executor.ts';
import { submitSweep } from '../queue/submit.ts';
import type { FoldExecutor } from '../run/experiment.ts';
import type { SweepPlan } from '../run/sweep.ts';

export interface SubmitterQueue {
  executor: FoldExecutor;
  submitSweep(plan: SweepPlan, backend: BackendName | 'auto'): Promise<void>;
  close(): Promise<void>;
}

export async function openSubmitterQueue(url: string, workers: string | undefined, log: ((line: string) => void) | null): Promise<SubmitterQueue> {
  if (workers !== undefined)
    throw new UserError('CLI_USAGE', '--workers sets local fold threads; with --queue the folds run in `npm run worker` processes.', {
      key: '--workers',
      hint: 'Drop --workers, and start `npm run worker -- --queue URL --concurrency N` where the folds should run.',
    });
  const connection = parseQueueUrl(url);
  await checkReachable(connection);
  const q = openQueue(connection);
  return {
    executor: queueExecutor(q, { log }),
    async submitSweep(plan, backend) {
      const { added, total } = await submitSweep(q, plan, backend);
      log?.(`queue ${q.url}: sweep of ${plan.points.length} points, ${total} fold jobs (${added} newly queued)`);
    },
    close: () => q.close(),
  };
}
