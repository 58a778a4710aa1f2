// The part of Node's global WebAssembly API we use: the tsconfig's ES library has no WebAssembly
// types (they live in lib.dom), and @types/node 20 declares none.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    /** Adds `pages` 64 KiB pages; returns the previous size in pages and detaches the old buffer. */
    grow(pages: number): number;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
