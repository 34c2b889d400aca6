/**
 * Builds the training kernels: AssemblyScript source (src/kernels/assembly/) → src/kernels/dense.wasm,
 * with the compiler version pinned in package.json and the lockfile.
 *
 *   npm run build:kernels            write src/kernels/dense.wasm
 *   npm run build:kernels -- --check exit 1 when the checked-in binary differs from a fresh build
 *
 * Why a checked-in binary (verified) rather than a build at install time: the binary is 5 kB, the
 * runtime then needs nothing but Node (worker threads, `npm ci --ignore-scripts`, machines without
 * the dev dependencies), and test/kernels/build.test.ts rebuilds it from source in every `npm test`
 * and fails on any byte of difference, so the binary can never drift from its source.
 * The build is deterministic: fixed flags, source paths relative to the repository root (they end
 * up in no section of the binary), no timestamps.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KERNEL_SOURCE = 'src/kernels/assembly/dense.ts';
export const KERNEL_BINARY = 'src/kernels/dense.wasm';
/** Fixed compiler flags: optimise fully, no runtime or GC (the kernels never allocate), SIMD on. */
const FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '--noColors'];

/** Compiles the kernel source in memory and returns the binary. */
export async function buildKernels(): Promise<Uint8Array> {
  const asc = (await import('assemblyscript/asc')).default;
  let binary: Uint8Array | null = null;
  const errors: string[] = [];
  const stream = { write: (s: string | Uint8Array) => void errors.push(String(s)) };
  const result = await asc.main([KERNEL_SOURCE, ...FLAGS, '-o', 'out.wasm'], {
    stdout: stream,
    stderr: stream,
    readFile: (name: string, baseDir: string) => {
      try {
        return readFileSync(path.resolve(root, baseDir, name), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name === 'out.wasm') binary = contents as Uint8Array;
    },
    listFiles: () => [],
  });
  if (result.error || !binary) throw new Error(`AssemblyScript build of ${KERNEL_SOURCE} failed: ${result.error?.message ?? 'no binary'}\n${errors.join('')}`);
  return binary;
}

export function checkedInKernels(): Uint8Array {
  return readFileSync(path.join(root, KERNEL_BINARY));
}

async function main(argv: string[]): Promise<number> {
  const built = await buildKernels();
  if (argv.includes('--check')) {
    const same = Buffer.compare(Buffer.from(built), checkedInKernels()) === 0;
    process.stdout.write(same ? `${KERNEL_BINARY} matches a fresh build of ${KERNEL_SOURCE}\n` : `${KERNEL_BINARY} differs from a fresh build of ${KERNEL_SOURCE}: run npm run build:kernels and commit it\n`);
    return same ? 0 : 1;
  }
  writeFileSync(path.join(root, KERNEL_BINARY), built);
  process.stdout.write(`wrote ${KERNEL_BINARY} (${built.length} bytes) from ${KERNEL_SOURCE}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
