/**
 * `npm run data -- --rows 116023 --seed 1 --out data/synth.csv [--buyer-rate 0.0127] [--tail-sigma 1]
 * [--leakage 1] [--oracle]` writes a synthetic Engage2Value training file (52 columns; with
 * `--oracle` also `<out>.oracle.csv` holding E[y | x] per row).
 * `npm run data -- describe <file.csv>` prints rows, buyers and per-column missingness of a CSV.
 */
import { commandParser, defineCommand, EXIT, parseOrHelp, processIo, runMain, type CommandIo } from './main.ts';
import { UserError } from '../errors.ts';
import { planOutputs } from '../files/plan.ts';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadCsv } from '../data/csv.ts';
import { formatInference, summarizeValues } from '../data/describe.ts';
import { E2V_TARGET } from '../data/engage2value.ts';
import { inferColumns, type InferredColumn } from '../data/infer.ts';
import { starterExperiment } from '../data/starter.ts';
import { registryMiss } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { formatCount, formatNumber, formatShare, TARGET_UNIT_NAMES, type TargetUnit } from '../numbers.ts';
import { SYNTHETIC_DEFAULTS, writeSyntheticCsv } from '../data/synthetic.ts';
import { parseFlags } from '../config/flags.ts';
import { syntheticSchema } from '../config/schema.ts';

/** The flag of each `data.synthetic` key, for errors from the schema that checks them. */
const FLAG_OF: Record<string, string> = { rows: '--rows', seed: '--seed', buyerRate: '--buyer-rate', tailSigma: '--tail-sigma', leakage: '--leakage', mode: '--mode' };

/** Every column of a CSV as raw cells (empty → null), then its inferred kind. */
async function readInferred(file: string): Promise<{ columns: InferredColumn[] }> {
  const probe = await loadCsv(file, { columns: [], target: null, maxRows: 1, pathHint: 'the path is resolved from the current directory' });
  const raw = await loadCsv(file, { columns: probe.identity.columns.map((name) => ({ name, kind: 'categorical' as const })), target: null });
  const cells: Record<string, (string | null)[]> = {};
  for (const name of probe.identity.columns) cells[name] = (raw.columns[name] as { values: (string | null)[] }).values;
  return { columns: inferColumns(cells) };
}

/** A flag's text as a number when it is one; otherwise the text itself, so an error shows what was typed ("abc", not NaN). */
function numeric(v: unknown): unknown {
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
}

/** Runs the command; returns the exit code (see EXIT). Never exits the process. */
export const runDataCommand = defineCommand<CommandIo>(dataCommand, processIo);

async function dataCommand(argv: string[], io: CommandIo): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const parser = commandParser(
    argv,
    'data',
    '$0 --out FILE [options]          generate a synthetic Engage2Value CSV\n' +
      '$0 describe FILE [options]       infer every column of a CSV\n' +
      '$0 init FILE --target COL --out experiments/mine.yaml   write a starter experiment\n\n' +
      'Data tools: the built-in generator, and a first look at a CSV of your own.',
  )
    .strict()
    .command(
      '$0',
      'generate a synthetic Engage2Value training CSV',
      (y) =>
        y
          .option('out', { type: 'string', demandOption: true, describe: 'CSV file to write (written atomically)' })
          .option('rows', { type: 'string', default: 116023, describe: 'sessions to generate' })
          .option('seed', { type: 'string', default: 1, describe: 'generator seed' })
          .option('buyer-rate', { type: 'string', default: SYNTHETIC_DEFAULTS.buyerRate, describe: 'mean purchase probability' })
          .option('tail-sigma', { type: 'string', default: SYNTHETIC_DEFAULTS.tailSigma, describe: 'σ of log(amount | purchase)' })
          .option('leakage', { type: 'string', default: SYNTHETIC_DEFAULTS.leakage, describe: 'hits/page views a purchase adds (0 = none)' })
          .option('oracle', { type: 'boolean', default: false, describe: 'also write <out>.oracle.csv with E[y | x] per row' })
          .option('mode', { type: 'string', default: SYNTHETIC_DEFAULTS.mode, describe: 'sessions: independent sessions; users: users with histories (stable userId, history-dependent purchases)' }),
      async (args) => {
        const started = performance.now();
        // The experiment schema's own `data.synthetic` rules, so the flags and the YAML keys agree.
        const checked = parseFlags(syntheticSchema, { rows: numeric(args.rows), seed: numeric(args.seed), buyerRate: numeric(args.buyerRate), tailSigma: numeric(args.tailSigma), leakage: numeric(args.leakage), mode: args.mode }, FLAG_OF);
        const { mode, ...rest } = checked;
        const options = { ...rest, ...(mode === 'users' ? { mode } : {}) };
        const [out] = await planOutputs(
          [{ flag: '--out', path: args.out, kind: 'file' }, ...(args.oracle ? [{ flag: '--oracle', path: `${args.out}.oracle.csv`, kind: 'file' as const }] : [])],
          [],
        );
        const written = await writeSyntheticCsv(out.real, options, { oracle: args.oracle });
        const t = written.table.target;
        const { positive: buyers, sum, max } = summarizeValues(t);
        const seconds = (performance.now() - started) / 1000;
        say(`wrote ${written.path}: ${formatCount(t.length)} rows × ${written.table.header.length} columns`);
        say(`buyers ${formatCount(buyers)} (${formatShare(buyers / t.length)}), target sum ${formatNumber(sum)}, max ${formatNumber(max)} (micros), ${formatNumber(seconds, { digits: 3 })} s`);
        if (written.oraclePath) say(`oracle: ${written.oraclePath}`);
      },
    )
    .command(
      'describe <file>',
      'infer and summarise every column of a CSV: numeric, boolean, categorical or datetime, with ranges',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('target', { type: 'string', default: E2V_TARGET, describe: 'target column ("" for none)' })
          .option('target-unit', { type: 'string', choices: TARGET_UNIT_NAMES, describe: 'how the target is stored, for its figures (e.g. micros)' }),
      async (args) => {
        const { columns } = await readInferred(args.file as string);
        const target = args.target && columns.some((c) => c.name === args.target) ? args.target : null;
        say(formatInference(args.file as string, columns, target ?? (args.target || null), (args.targetUnit as TargetUnit | undefined) ?? null));
      },
    )
    .command(
      'init <file>',
      'write a commented starter experiment for a CSV from its inferred column types',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .option('target', { type: 'string', demandOption: true, describe: 'target column (a value ≥ 0, empty = 0)' })
          .option('out', { type: 'string', demandOption: true, describe: 'YAML file to write, e.g. experiments/mine.yaml' })
          .option('name', { type: 'string', describe: "run name (default: the YAML file's basename)" })
          .option('force', { type: 'boolean', default: false, describe: 'replace an existing --out file' }),
      async (args) => {
        const file = args.file as string;
        const out = args.out as string;
        if (existsSync(out) && !args.force) {
          throw new UserError('CLI_USAGE', 'the experiment file already exists; nothing was written.', { file: out, key: '--out', hint: 'Choose another --out, or pass --force to replace it.' });
        }
        const { columns } = await readInferred(file);
        const target = columns.find((c) => c.name === args.target);
        if (!target) throw registryMiss('target column', args.target as string, columns.map((c) => c.name), { file, key: '--target' });
        if (target.kind !== 'numeric' && target.kind !== 'empty') {
          throw new UserError('CLI_USAGE', `the target column ${JSON.stringify(target.name)} is ${target.kind}, not numeric.`, { file, key: '--target', hint: 'The target is a value ≥ 0 per row (empty = 0), e.g. a purchase value.' });
        }
        const name = (args.name as string | undefined) ?? path.basename(out).replace(/\.ya?ml$/i, '');
        const { yaml, choices } = starterExperiment(columns, { file, out, target: target.name, name });
        await mkdir(path.dirname(path.resolve(out)), { recursive: true });
        await writeFileAtomic(path.resolve(out), yaml);
        say(`wrote ${out} (${columns.length} columns inferred from ${file}):`);
        for (const c of choices) say(`  ${c}`);
        say(`next: npm run exp -- ${out}`);
      },
    );
  await parseOrHelp(parser, argv, io);
  return EXIT.ok;
}

runMain(import.meta.url, runDataCommand);
