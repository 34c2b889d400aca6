/**
 * `npm run report -- results/*.json`: which model is better, by how much, and can I trust it?
 * Reads result files (skipping corrupt or foreign ones with the reason), prints the runs table,
 * the paired comparison against the baseline, the config diff and how to reproduce each run.
 */
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { planOutputs } from '../files/plan.ts';
import { expandGlobs, readResults } from '../results/read.ts';
import { buildReport } from '../report/build.ts';
import { checkNames } from '../report/columns.ts';
import { renderHtml } from '../report/html.ts';
import { renderJson } from '../report/json.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { DEFAULT_WIDTH, renderTerminal } from '../report/terminal.ts';
import { examples } from './help.ts';
import { commandParser, defineCli, EXIT, runMain, type ArgsOf, type CommandIo } from './main.ts';

export interface ReportIo extends CommandIo {
  /** Whether stdout is a terminal (colour is only used on one). */
  isTTY?: boolean;
  /** Environment, for NO_COLOR; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Terminal width in columns when stdout is a terminal (default: process.stdout.columns). */
  columns?: number;
}

const FORMATS = ['terminal', 'md', 'json'] as const;

function parser(argv: string[]) {
  return commandParser(
    argv,
    'report',
    '$0 [files or globs...] [options]\n\nCompare runs from their result files: which model is better, by how much, and can you trust it.\nFiles default to results/ (every *.json in it). Temp files (.*) and bench-*.json are ignored.',
  )
    .option('baseline', { type: 'string', describe: "run to compare against (name or label); default: the run named 'baseline', else the first file" })
    .option('metrics', { type: 'string', describe: 'comma-separated metric columns, e.g. r2,gini (default: r2,r2Trimmed,r2TrimDelta,topSseShare,r2Log1p,gini,auc)' })
    .option('sort', { type: 'string', describe: 'order runs by a metric mean, best first (respects its direction); also name, fitTime' })
    .option('format', { choices: FORMATS, default: 'terminal' as const, describe: 'terminal table, Markdown (md) or the computed comparison as JSON' })
    .option('out', { type: 'string', describe: 'write the report to this file instead of stdout' })
    .option('html', { type: 'string', describe: 'also write a self-contained HTML report with charts to this file' })
    .option('wide', { type: 'boolean', default: false, describe: 'one line per table row however wide (default: fit the terminal, or 100 columns when not a terminal)' })
    .option('width', { type: 'number', describe: 'fit tables and text to this many columns (default: the terminal width, else 100)' })
    .option('color', { type: 'boolean', default: true, describe: 'colour on a terminal; --no-color (or NO_COLOR=1) turns it off' })
    .option('alpha', { type: 'number', default: 0.05, describe: 'significance level for the Holm-adjusted verdicts' })
    .epilogue(
      examples('npm run report --', [
        ['$0 results/*.json', 'all runs, compared with the run named baseline'],
        ['$0 results/ --baseline mlp --metrics r2,gini --sort r2', 'pick the baseline, columns and order'],
        ["$0 'results/sweep-*.json' --format md --out report.md --html report.html", 'Markdown plus an HTML page with charts'],
      ]),
    );
}

type ReportArgs = ArgsOf<typeof parser>;

export const runReport = defineCli(parser, report, () => ({ stdout: process.stdout, stderr: process.stderr, isTTY: process.stdout.isTTY }));

/** --width, else the terminal's width, else 100 (pipes, files and CI logs). */
function reportWidth(flag: number | undefined, io: ReportIo): number {
  if (flag !== undefined) {
    if (!Number.isInteger(flag) || flag < 40) throw new UserError('CLI_USAGE', 'bad --width value.', { key: '--width', expected: 'an integer ≥ 40 (columns)', found: String(flag) });
    return flag;
  }
  const columns = io.columns ?? (io.isTTY ? process.stdout.columns : undefined);
  return io.isTTY && columns ? columns : DEFAULT_WIDTH;
}

async function report(args: ReportArgs, io: ReportIo): Promise<number> {
  const alpha = args.alpha;
  if (!(alpha > 0 && alpha < 1)) throw new UserError('CLI_USAGE', 'bad --alpha value.', { key: '--alpha', expected: 'a number between 0 and 1', found: String(alpha) });
  const metrics = args.metrics?.split(',').map((m) => m.trim()).filter(Boolean);
  checkNames({ metrics, sort: args.sort }); // fail on a typo before reading any file
  const files = args._.map(String);
  const inputs = files.length ? files : ['results'];

  const expanded = await expandGlobs(inputs);
  const outputs = [
    ...(args.out ? [{ flag: '--out', path: args.out, kind: 'file' as const }] : []),
    ...(args.html ? [{ flag: '--html', path: args.html, kind: 'file' as const }] : []),
  ];
  const planned = await planOutputs(outputs, expanded.paths.map((p) => ({ what: 'the result file', path: p })));
  const realOf = (flag: string) => planned.find((o) => o.flag === flag)!.real;
  const read = await readResults(expanded.paths);
  const skipped = [...expanded.unmatched.map((u) => ({ path: u.arg, reason: u.reason })), ...read.skipped];
  if (expanded.ignored.length) io.stderr.write(`ignored ${expanded.ignored.length} file(s): temp files (.*) and bench-*.json are not run results\n`);

  if (read.ok.length === 0) {
    io.stderr.write(`error: no valid result file in ${inputs.join(' ')}.\n`);
    for (const s of skipped) io.stderr.write(`  skipped ${s.path}: ${s.reason}\n`);
    if (!skipped.length) io.stderr.write('  (no files matched)\n');
    io.stderr.write('Run an experiment first (`npm run exp -- experiments/baseline.yaml`), or pass result files: `npm run report -- results/*.json`.\n');
    return EXIT.usage; // nothing to report on is bad input, not a diverged fold
  }

  const built = buildReport(read.ok, { baseline: args.baseline, metrics, sort: args.sort, skipped, alpha });

  const env = io.env ?? process.env;
  const colour = args.color && !!io.isTTY && !args.out && !('NO_COLOR' in env && env.NO_COLOR !== '');
  const text = args.format === 'md' ? renderMarkdown(built) : args.format === 'json' ? renderJson(built) : renderTerminal(built, { colour, width: reportWidth(args.width, io), wide: args.wide });
  if (args.out) {
    await writeFileAtomic(realOf('--out'), text, 'write the report');
    io.stderr.write(`wrote ${args.out}\n`);
  } else {
    io.stdout.write(text);
  }
  // The terminal report lists skipped files itself; elsewhere they go to stderr so they are seen.
  if (args.format !== 'terminal' || args.out) for (const s of skipped) io.stderr.write(`warning: skipped ${s.path}: ${s.reason}\n`);

  if (args.html) {
    await writeFileAtomic(realOf('--html'), await renderHtml(built, read.ok), 'write the HTML report');
    io.stderr.write(`wrote ${args.html}\n`);
  }
  return EXIT.ok;
}

runMain(import.meta.url, runReport);
