/** What ran a result: versions, backend, machine and git state (the effectful edge of results/). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EnvironmentInfo } from './types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const RECORDED_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  'yaml',
  'zod',
  'papaparse',
  'seedrandom',
];

function packageVersion(name: string): string | null {
  try {
    const file = path.join(repoRoot, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

export function projectVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export function environmentInfo(backend: string): EnvironmentInfo {
  const commit = git(['rev-parse', 'HEAD']);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  const packages: Record<string, string> = { 'hurdle-lab': projectVersion() };
  for (const name of RECORDED_PACKAGES) {
    const v = packageVersion(name);
    if (v) packages[name] = v;
  }
  const cpus = os.cpus();
  return {
    node: process.version,
    tfjs: packages['@tensorflow/tfjs'] ?? 'unknown',
    backend,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    host: os.hostname(),
    git: { commit, dirty: status === null ? null : status.length > 0 },
    packages,
  };
}
