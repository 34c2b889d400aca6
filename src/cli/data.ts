/**
 * `npm run data -- --rows 116023 --seed 1 --out data/synth.csv [--buyer-rate 0.0127] [--tail-sigma 1]
 * [--leakage 1] [--oracle]` writes a synthetic Engage2Value training file (52 columns; with
 * `--oracle` also `<out>.oracle.csv` holding E[y | x] per row).
 * `npm run data -- describe <file.csv>` prints rows, buyers and per-column missingness of a CSV.
 */
import yargs from 'yargs';
import { defineCommand, EXIT, processIo, runMain, type CommandIo } from './main.ts';
import { UserError, isUserError } from '../errors.ts';
import { planOutputs } from '../files/plan.ts';
import { loadCsv } from '../data/csv.ts';
import { describeDataset, formatDatasetSummary, summarizeValues } from '../data/describe.ts';
import { E2V_KINDS, E2V_TARGET } from '../data/engage2value.ts';
import { SYNTHETIC_DEFAULTS, validateSyntheticOptions, writeSyntheticCsv } from '../data/synthetic.ts';

const FLAG_OF: Record<string, string> = {
  'data.rows': '--rows', seed: '--seed', 'data.synthetic.buyerRate': '--buyer-rate',
  'data.synthetic.tailSigma': '--tail-sigma', 'data.synthetic.leakage': '--leakage',
};

/** Runs the command; returns the exit code (see EXIT). Never exits the process. */
export const runDataCommand = defineCommand<CommandIo>(dataCommand, processIo);

async function dataCommand(argv: string[], io: CommandIo): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  await yargs(argv)
    .scriptName('npm run data --')
    .exitProcess(false)
    .strict()
    .fail((msg, err) => {
      if (err) throw err;
      throw new UserError('CLI_USAGE', msg, { hint: 'Run `npm run data -- --help` for the options.' });
    })
    .command(
      '$0',
      'generate a synthetic Engage2Value training CSV',
      (y) =>
        y
          .option('out', { type: 'string', demandOption: true, describe: 'CSV file to write (written atomically)' })
          .option('rows', { type: 'number', default: 116023, describe: 'sessions to generate' })
          .option('seed', { type: 'number', default: 1, describe: 'generator seed' })
          .option('buyer-rate', { type: 'number', default: SYNTHETIC_DEFAULTS.buyerRate, describe: 'mean purchase probability' })
          .option('tail-sigma', { type: 'number', default: SYNTHETIC_DEFAULTS.tailSigma, describe: 'σ of log(amount | purchase)' })
          .option('leakage', { type: 'number', default: SYNTHETIC_DEFAULTS.leakage, describe: 'hits/page views a purchase adds (0 = none)' })
          .option('oracle', { type: 'boolean', default: false, describe: 'also write <out>.oracle.csv with E[y | x] per row' })
          .option('mode', { type: 'string', choices: ['sessions', 'users'], default: 'sessions', describe: 'sessions: independent sessions; users: users with histories (stable userId, history-dependent purchases)' }),
      async (args) => {
        const started = performance.now();
        const options = {
          rows: args.rows, seed: args.seed, buyerRate: args.buyerRate, tailSigma: args.tailSigma, leakage: args.leakage,
          ...(args.mode === 'users' ? { mode: 'users' as const } : {}),
        };
        try {
          validateSyntheticOptions(options);
        } catch (e) {
          // Same checks as the experiment config, but name the flag the user typed.
          if (!isUserError(e) || !e.details.key) throw e;
          throw new UserError('CLI_USAGE', 'invalid option.', { ...e.details, key: FLAG_OF[e.details.key] ?? e.details.key });
        }
        const [out] = await planOutputs(
          [{ flag: '--out', path: args.out, kind: 'file' }, ...(args.oracle ? [{ flag: '--oracle', path: `${args.out}.oracle.csv`, kind: 'file' as const }] : [])],
          [],
        );
        const written = await writeSyntheticCsv(out.real, options, { oracle: args.oracle });
        const t = written.table.target;
        const { positive: buyers, sum, max } = summarizeValues(t);
        const seconds = (performance.now() - started) / 1000;
        say(`wrote ${written.path}: ${t.length.toLocaleString('en-US')} rows × ${written.table.header.length} columns`);
        say(`buyers ${buyers.toLocaleString('en-US')} (${((100 * buyers) / t.length).toFixed(2)}%), target sum ${sum.toExponential(4)}, max ${max.toExponential(4)}, ${seconds.toFixed(2)} s`);
        if (written.oraclePath) say(`oracle: ${written.oraclePath}`);
      },
    )
    .command(
      'describe <file>',
      'summarise a CSV: rows, buyers, per-column missing rate',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('target', { type: 'string', default: E2V_TARGET, describe: 'target column ("" for none)' }),
      async (args) => {
        const file = args.file as string;
        // Type every column of the file: numbers where they parse, categories otherwise.
        const probe = await loadCsv(file, { columns: [], target: null, maxRows: 1 });
        const target = args.target && probe.identity.columns.includes(args.target) ? args.target : null;
        const columns = probe.identity.columns
          .filter((name) => name !== target)
          .map((name) => ({ name, kind: E2V_KINDS[name] ?? ('categorical' as const) }));
        const ds = await loadCsv(file, { columns, target });
        say(formatDatasetSummary(describeDataset(ds)));
      },
    )
    .parseAsync();
  return EXIT.ok;
}

runMain(import.meta.url, runDataCommand);
