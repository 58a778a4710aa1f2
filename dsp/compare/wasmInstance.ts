/**
 * Instances of the WebAssembly modules built from assembly/ (scripts/buildWasm.mjs), each with a
 * memory of its own that its JavaScript class lays out: the modules have no allocator, only loads and
 * stores at the byte offsets they are given.
 */

const WASM_PAGE_BYTES = 65536;

/** Compiled modules by their base64 text, once per thread (a few kB each: compiling one synchronously takes well under a millisecond). */
const compiled = new Map<string, WebAssembly.Module>();

/** A new instance of the module `base64` with a memory of at least `bytes` bytes. */
export function instantiateWasm<Exports>(base64: string, bytes: number): { exports: Exports; buffer: ArrayBuffer } {
  let module = compiled.get(base64);
  if (module === undefined) {
    module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { exports: instance.exports as Exports, buffer: memory.buffer };
}
