/**
 * Two submitters of the same run at once both collect the same fold results; only one of them
 * writes the result file, the other returns that file. The claim is a Redis key per run and
 * output folder holding the writer's token; the file it writes records the same token
 * (`queue.submitter`), which is how the other submitter recognises it.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../hash.ts';
import { readResults } from '../results/read.ts';
import type { ExperimentConfig } from '../config/types.ts';
import type { QueueRecord, ResultFile } from '../results/types.ts';
import { runBaseName } from '../run/experiment.ts';
import type { QueueClient } from './client.ts';
import { deleteIfHeld } from './redis-lock.ts';

const CLAIM_TTL_MS = 24 * 3600 * 1000;
/** A claim whose file has not appeared after this long belonged to a writer that died. */
const STALE_CLAIM_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function writtenBy(outDir: string, stem: string, run: string, submitter: string): Promise<string | null> {
  if (!existsSync(outDir)) return null;
  const files = readdirSync(outDir)
    .filter((f) => f.startsWith(stem) && f.endsWith('.json'))
    .map((f) => path.join(outDir, f));
  const { ok } = await readResults(files);
  return ok.find((r) => r.result.queue?.run === run && r.result.queue?.submitter === submitter)?.path ?? null;
}

/** null: this submitter writes the file; a path: another submitter already wrote it. */
export async function adoptWrittenResult(q: QueueClient, outDir: string, body: Omit<ResultFile, 'checksum'>, record: QueueRecord): Promise<string | null> {
  const key = `hurdle-lab:written:${record.run}:${sha256(outDir).slice(0, 16)}`;
  const stem = runBaseName(body.config as ExperimentConfig, body.data.sha256);
  for (;;) {
    const mine = `${record.submitter}|${Date.now()}`;
    if ((await q.redis.set(key, mine, 'PX', CLAIM_TTL_MS, 'NX')) === 'OK') return null;
    const held = await q.redis.get(key);
    if (held === null) continue;
    const [holder, at] = held.split('|');
    if (holder === record.submitter) return null;
    const file = await writtenBy(outDir, stem, record.run, holder);
    if (file) return file;
    if (Date.now() - Number(at) > STALE_CLAIM_MS) {
      // Take over only if nobody else did in the meantime.
      await deleteIfHeld(q.redis, key, held);
      continue;
    }
    await sleep(200);
  }
}
