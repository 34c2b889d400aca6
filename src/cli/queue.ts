/** `npm run queue -- status --queue redis://HOST:PORT[/DB]`: what the queue holds, per run. */
import { checkReachable, openQueue } from '../queue/client.ts';
import { parseQueueUrl } from '../queue/connection.ts';
import { formatStatus, queueStatus } from '../queue/status.ts';
import { examples } from './help.ts';
import { commandParser, defineCommand, EXIT, parseOrHelp, processIo, runMain, type CommandIo } from './main.ts';

async function queueCommand(argv: string[], io: CommandIo): Promise<number> {
  const parser = commandParser(argv, 'queue', '$0 status --queue redis://HOST:PORT[/DB]')
    .option('queue', { type: 'string', default: process.env.HURDLE_QUEUE ?? 'redis://127.0.0.1:6379', describe: 'the Redis of the queue (default: $HURDLE_QUEUE, else redis://127.0.0.1:6379)' })
    .command('status', 'waiting, active, retrying, done and failed fold jobs per run', {}, async (args) => {
      const connection = parseQueueUrl(String(args.queue));
      await checkReachable(connection);
      const q = openQueue(connection);
      try {
        io.stdout.write(`${formatStatus(q.url, await queueStatus(q)).join('\n')}\n`);
      } finally {
        await q.close();
      }
    })
    .demandCommand(1, 'name a subcommand: status')
    .strictCommands()
    .epilogue(examples('npm run queue --', [['$0 status --queue redis://10.0.0.5:6379', 'what the queue on 10.0.0.5 holds']]));
  await parseOrHelp(parser, argv, io);
  return EXIT.ok;
}

export const runQueueCommand = defineCommand<CommandIo>(queueCommand, processIo);

runMain(import.meta.url, (argv) => runQueueCommand(argv));
