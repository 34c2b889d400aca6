/**
 * `npm run results -- oof <result.json> --out oof.csv`: export what an existing result recorded,
 * in a format any tool reads. Today: its out-of-fold predictions as plain CSV
 * (`row,repeat,fold,prediction[,purchaseProb,amount]`, the side file uncompressed).
 */
import path from 'node:path';
import { readOneResult } from '../results/read.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { oofCsvOf } from '../run/oof-export.ts';
import { examples } from './help.ts';
import { commandParser, defineCli, EXIT, processIo, runMain, type ArgsOf, type CommandIo } from './main.ts';

export type ResultsIo = CommandIo;

function parser(argv: string[]) {
  return commandParser(
    argv,
    'results',
    '$0 oof <result.json> --out oof.csv\n\nExport the out-of-fold predictions a result recorded as plain CSV: row,repeat,fold,prediction (+ purchaseProb,amount for two-part models).',
  )
    .command('oof <result>', 'export out-of-fold predictions as plain CSV', (y) =>
      y.positional('result', { type: 'string', describe: 'result file (results/<name>-s<seed>-<hash>.json)' }).option('out', { type: 'string', demandOption: true, describe: 'CSV to write' }),
    )
    .demandCommand(1, 'name a subcommand: oof')
    .strict()
    .epilogue(examples('npm run results --', [['$0 oof results/hurdle-s42-1a2b3c4d.json --out hurdle-oof.csv', 'then read it with pandas, R, ...']]));
}

type ResultsArgs = ArgsOf<typeof parser>;

export const runResultsCommand = defineCli(parser, resultsCommand, processIo);

async function resultsCommand(args: ResultsArgs, io: ResultsIo): Promise<number> {
  const file = String(args.result);
  const { result } = await readOneResult(file, 'export');
  const text = oofCsvOf(file, result);
  const out = String(args.out);
  await writeFileAtomic(path.resolve(out), text);
  io.stdout.write(`wrote ${out} (${text.split('\n').length - 2} predictions)\n`);
  return EXIT.ok;
}

runMain(import.meta.url, runResultsCommand);
