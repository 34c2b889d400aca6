/**
 * Backend selection: `tensorflow` (tfjs-node, when installed and loadable) → `wasm` → `cpu`.
 * `--backend NAME` forces one. The chosen name is recorded in every result.
 * tfjs-node is an optionalDependency: on machines without internet its install step fails and
 * npm drops it, so it is imported dynamically and its absence is not an error unless forced.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from './errors.ts';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

const require = createRequire(import.meta.url);

async function tryTensorflow(): Promise<boolean> {
  try {
    // The specifier is built at run time so bundlers and tsc do not require the optional package.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    setWasmPaths(path.join(dir, 'dist') + path.sep);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

let active: BackendName | null = null;

/**
 * Initialise tfjs once per process (or worker). With `requested` set, that backend or a
 * UserError; otherwise the first that loads. Returns the active backend name.
 */
export async function initBackend(requested?: BackendName | 'auto'): Promise<BackendName> {
  if (requested && requested !== 'auto' && !(BACKENDS as readonly string[]).includes(requested)) {
    throw new UserError('BACKEND_UNAVAILABLE', `unknown backend ${JSON.stringify(requested)}.`, {
      key: '--backend',
      expected: `auto or one of ${BACKENDS.join(', ')}`,
      found: JSON.stringify(requested),
    });
  }
  if (active && (!requested || requested === 'auto' || requested === active)) return active;
  const order: BackendName[] = !requested || requested === 'auto' ? [...BACKENDS] : [requested];
  for (const name of order) {
    const ok = name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      active = name;
      return name;
    }
  }
  const hint =
    requested === 'tensorflow'
      ? 'The tensorflow backend needs @tensorflow/tfjs-node, whose install downloads libtensorflow; without internet npm drops it. Use --backend wasm or --backend auto.'
      : 'Use --backend auto to pick the first backend that loads.';
  throw new UserError('BACKEND_UNAVAILABLE', `backend ${JSON.stringify(requested)} could not be loaded.`, {
    key: '--backend',
    expected: `one of ${BACKENDS.join(', ')} that loads on this machine`,
    found: String(requested),
    hint,
  });
}

export function activeBackend(): BackendName | null {
  return active;
}
