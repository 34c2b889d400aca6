/**
 * `npm run worker -- --queue redis://HOST:PORT[/DB] [--concurrency N] [--data-root DIR|FROM=TO]`:
 * compute fold jobs submitted with `npm run exp -- X.yaml --queue ...`, on as many machines as
 * run this. SIGTERM/SIGINT drain (the running folds finish, then it exits); a second one stops at
 * once and the unfinished folds are rerun elsewhere.
 */
import os from 'node:os';
import type { BackendName } from '../backend.ts';
import { UserError } from '../errors.ts';
import { checkReachable } from '../queue/client.ts';
import { displayQueueUrl, parseQueueUrl } from '../queue/connection.ts';
import { parseDataRoot } from '../queue/data-root.ts';
import { startFoldWorkers } from '../queue/worker.ts';
import { examples } from './help.ts';
import { commandParser, defineCli, EXIT, processIo, runMain, type ArgsOf, type CommandIo } from './main.ts';
import { backendOption, quietOption } from './options.ts';

export interface WorkerIo extends CommandIo {
  /** Aborted once: drain; twice: stop now. */
  stop: { onDrain(cb: () => void): void; onForce(cb: () => void): void };
}

function parser(argv: string[]) {
  return commandParser(argv, 'worker', '$0 --queue redis://HOST:PORT[/DB] [options]\n\nCompute the fold jobs that `npm run exp -- X.yaml --queue ...` submits.')
    .option('queue', { type: 'string', demandOption: true, describe: 'the Redis that holds the queue, redis://HOST:PORT[/DB]' })
    .option('concurrency', { type: 'number', default: os.availableParallelism(), describe: 'folds computed at once, one process (and tfjs backend) each; default: the cores' })
    .option('data-root', { type: 'string', array: true, default: [] as string[], describe: "where this machine has the submitter's CSV files: DIR (same file name) or FROM=TO (path prefix); repeatable" })
    .options(backendOption('tfjs backend of every worker process'))
    .option('lock-seconds', { type: 'number', default: 30, describe: 'heartbeat lock: a killed worker\'s fold is rerun elsewhere after about 1–2 × this' })
    .options(quietOption('no log lines'))
    .epilogue(
      examples('npm run worker --', [
        ['$0 --queue redis://10.0.0.5:6379', 'one fold per core'],
        ['$0 --queue redis://10.0.0.5:6379 --data-root /home/ana/data=/mnt/data', "the submitter's CSVs under /home/ana/data are under /mnt/data here"],
      ]),
    );
}

type WorkerArgs = ArgsOf<typeof parser>;

async function workerCommand(args: WorkerArgs, io: WorkerIo): Promise<number> {
  const connection = parseQueueUrl(args.queue);
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1)
    throw new UserError('CLI_USAGE', 'bad --concurrency value.', { key: '--concurrency', expected: 'a positive integer', found: String(args.concurrency) });
  if (!(args.lockSeconds > 0)) throw new UserError('CLI_USAGE', 'bad --lock-seconds value.', { key: '--lock-seconds', expected: 'a positive number', found: String(args.lockSeconds) });
  const dataRoots = args.dataRoot.map(parseDataRoot);
  await checkReachable(connection);
  const log = args.quiet ? () => {} : (line: string) => io.stderr.write(`[worker ${process.pid}] ${line}\n`);
  const workers = startFoldWorkers({
    connection,
    concurrency: args.concurrency,
    backend: args.backend as BackendName | 'auto',
    dataRoots,
    lockMs: Math.round(args.lockSeconds * 1000),
    log,
  });
  log(`waiting for fold jobs on ${displayQueueUrl(connection)} (${args.concurrency} at a time; SIGTERM finishes the running folds, then exits)`);
  return new Promise<number>((resolve) => {
    io.stop.onDrain(() => {
      log(`draining: finishing ${workers.active()} running fold(s), taking no new ones (signal again to stop at once)`);
      workers.close(false).then(() => resolve(EXIT.ok), () => resolve(EXIT.failed));
    });
    io.stop.onForce(() => {
      log('stopping now; unfinished folds go back to the queue when their lock lapses');
      workers.close(true).finally(() => resolve(EXIT.interrupted));
    });
  });
}

function signalStop(): WorkerIo['stop'] {
  const drain: (() => void)[] = [];
  const force: (() => void)[] = [];
  let count = 0;
  const onSignal = () => {
    count++;
    for (const cb of count === 1 ? drain : force) cb();
    if (count > 2) process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { onDrain: (cb) => drain.push(cb), onForce: (cb) => force.push(cb) };
}

export const runWorkerCommand = defineCli(parser, workerCommand, () => ({ ...processIo(), stop: signalStop() }));

runMain(import.meta.url, (argv) => runWorkerCommand(argv));
