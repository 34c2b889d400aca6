/**
 * The slice of the WebAssembly JS API the kernel loader uses. Node has had it forever, but the
 * project's `lib` (ES2022, no DOM) and @types/node 20 do not declare it.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, unknown>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
