/**
 * Runs that are already done: the complete result of an identical config in the output folder
 * (for `--resume` and sweeps: "already complete: FILE"), and whether a recorded run's data is
 * still the same file (checked before `--reproduce` or a refit spends minutes on it).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { configHash } from '../config/load.ts';
import type { ExperimentConfig } from '../config/types.ts';
import type { DataIdentity } from '../data/types.ts';
import { readResults } from '../results/read.ts';
import type { ResultFile } from '../results/types.ts';
import { runBaseName } from './experiment.ts';

/**
 * The complete result of exactly this config (same hash, hence seed) in outDir, oldest file first.
 * The config hash holds the data's sha256: given it, only that run's names are read; without it
 * (before any data is loaded) every result of this name and seed is checked against its own
 * recorded data, which `dataChange` then confirms is still the file the config reads.
 */
export async function finishedResult(outDir: string, config: ExperimentConfig, dataSha256?: string): Promise<{ path: string; result: ResultFile } | null> {
  if (!existsSync(outDir)) return null;
  const stem = dataSha256 === undefined ? null : runBaseName(config, dataSha256);
  const prefix = stem ?? `${runBaseName(config, '').replace(/-[0-9a-f]+$/, '')}-`;
  const candidates = readdirSync(outDir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.oof.json') && (stem ? f === `${stem}.json` || (f.startsWith(`${stem}-`) && /-\d+\.json$/.test(f)) : f.startsWith(prefix)))
    .sort((a, b) => a.length - b.length || a.localeCompare(b))
    .map((f) => path.join(outDir, f));
  const { ok } = await readResults(candidates);
  return ok.find((r) => r.result.status === 'complete' && r.result.configHash === configHash(config, dataSha256 ?? r.result.data.sha256)) ?? null;
}

/** Whether an interrupted run of this name and seed left a checkpoint (its exact name needs the data's sha256). */
export function hasCheckpointFor(outDir: string, config: ExperimentConfig): boolean {
  const dir = path.join(outDir, '.partial');
  const prefix = `${runBaseName(config, '').replace(/-[0-9a-f]+$/, '')}-`;
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(prefix) && f.endsWith('.json'));
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * null when the recorded data is still what the config reads; else why not. Synthetic data is a
 * function of the config (its identity is the generator's parameters), so only CSVs are hashed.
 */
export async function dataChange(identity: DataIdentity): Promise<string | null> {
  if (identity.source !== 'csv' || !identity.path) return null;
  if (!existsSync(identity.path)) return `the data file ${identity.path} no longer exists`;
  const now = await fileSha256(identity.path);
  return now === identity.sha256 ? null : `the data file changed: sha256 ${identity.sha256.slice(0, 12)} then, ${now.slice(0, 12)} now (${identity.path})`;
}
