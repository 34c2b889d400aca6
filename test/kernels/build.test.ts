import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildKernels, checkedInKernels, KERNEL_BINARY, KERNEL_SOURCE } from '../../scripts/build-kernels.ts';

test(`${KERNEL_BINARY} is byte for byte a fresh build of ${KERNEL_SOURCE}`, async () => {
  const built = await buildKernels();
  const shipped = checkedInKernels();
  assert.ok(built.length > 1000, 'the build produced a binary');
  assert.equal(Buffer.compare(Buffer.from(built), shipped), 0, `${KERNEL_BINARY} is stale: run npm run build:kernels and commit it`);
});

test('the kernel binary imports nothing (no host functions, no JS glue)', () => {
  const module = new WebAssembly.Module(checkedInKernels()) as unknown as object;
  const imports = (WebAssembly.Module as unknown as { imports(m: object): unknown[] }).imports(module);
  assert.deepEqual(imports, []);
});
