/**
 * One end-to-end experiment run in its own process, so the bench can read its wall time and
 * peak RSS (worker threads included) without the parent's memory mixed in.
 * argv: <experiment.yaml> <workers> <outDir> [--set k=v ...]; prints one JSON line.
 */
import { loadExperiment } from '../src/config/load.ts';
import { runExperiment } from '../src/run/experiment.ts';

const [file, workers, outDir, ...rest] = process.argv.slice(2);
const overrides: string[] = [];
for (let i = 0; i < rest.length; i++) if (rest[i] === '--set') overrides.push(rest[++i]);
const { config, origin } = await loadExperiment(file, { overrides });
const t0 = performance.now();
const { result, path: resultFile } = await runExperiment(config, origin, {
  outDir,
  backend: 'auto',
  workers: Number(workers),
  resume: false,
  write: true,
  reproduce: `npm run exp -- experiments/baseline.yaml ${overrides.map((o) => `--set ${o}`).join(' ')} --workers ${workers}`,
});
const wallMs = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    loadMs: result.timings.loadMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    backend: result.environment.backend,
    r2: result.summary.r2?.mean ?? null,
    fitMsPerFold: result.perFold.map((f) => f.timings.fitMs),
    epochsRun: result.perFold.map((f) => f.epochsRun),
    kernels: result.perFold.map((f) => f.kernel?.used ?? 'unrecorded'),
    file: resultFile,
  })}\n`,
);
