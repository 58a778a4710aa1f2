/**
 * Instances of the WebAssembly modules built from assembly/ (scripts/buildWasm.mjs), each with a
 * memory of its own that its JavaScript class lays out: the modules have no allocator, only loads and
 * stores at the byte offsets they are given.
 */

const WASM_PAGE_BYTES = 65536;

/** Compiled modules by their base64 text, once per thread (a few kB each: compiling one synchronously takes well under a millisecond). */
const compiled = new Map<string, WebAssembly.Module>();

/**
 * A new instance of the module `base64` with a memory of at least `bytes` bytes (env.memory, also
 * returned: a module that grows it detaches `buffer`, and `memory.buffer` is then the new one) and
 * the other `imports`.
 */
export function instantiateWasm<Exports>(
  base64: string,
  bytes: number,
  imports: Record<string, Record<string, unknown>> = {},
): { exports: Exports; buffer: ArrayBuffer; memory: WebAssembly.Memory } {
  let module = compiled.get(base64);
  if (module === undefined) {
    module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
    compiled.set(base64, module);
  }
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
  const instance = new WebAssembly.Instance(module, { ...imports, env: { memory } });
  return { exports: instance.exports as Exports, buffer: memory.buffer, memory };
}

/**
 * One instance of the module `base64` per thread, made on the first call and reused for every later
 * one: each call grows its memory to at least `bytes` (which detaches the buffer an earlier call
 * returned) and returns the exports and the memory's buffer now.
 */
export function threadInstance<Exports>(base64: string, imports: Record<string, Record<string, unknown>> = {}): (bytes: number) => { exports: Exports; buffer: ArrayBuffer } {
  let instance: { exports: Exports; memory: WebAssembly.Memory } | undefined;
  return (bytes) => {
    instance ??= instantiateWasm<Exports>(base64, bytes, imports);
    return { exports: instance.exports, buffer: wasmMemoryOf(instance.memory, bytes) };
  };
}

/** Grows `memory` to hold at least `bytes` bytes (which detaches its old buffer) and returns its buffer. */
export function wasmMemoryOf(memory: WebAssembly.Memory, bytes: number): ArrayBuffer {
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE_BYTES));
  return memory.buffer;
}

/**
 * A frame, its window and its magnitude spectrum in an instance's memory, for the FFT classes:
 * copies a frame in (and the window, when it is not the one copied last: callers pass the same one
 * frame after frame) and the magnitudes out.
 */
export class SpectrumBuffers {
  private readonly frame: Float32Array;
  private readonly windowCopy: Float32Array;
  private readonly magnitudes: Float32Array;
  private window: Float32Array | undefined;

  /**
   * @param frameAt byte offset of room for `frameCapacity` floats, then the window (as many) at
   *   windowAt = frameAt + 4·frameCapacity, then the `binCount` magnitudes at magnitudesAt
   */
  constructor(
    buffer: ArrayBuffer,
    readonly frameAt: number,
    frameCapacity: number,
    binCount: number,
  ) {
    this.frame = new Float32Array(buffer, frameAt, frameCapacity);
    this.windowCopy = new Float32Array(buffer, this.windowAt, frameCapacity);
    this.magnitudes = new Float32Array(buffer, this.magnitudesAt, binCount);
  }

  get windowAt(): number {
    return this.frameAt + this.frame.byteLength;
  }

  get magnitudesAt(): number {
    return this.windowAt + this.frame.byteLength;
  }

  /** Bytes from frameAt to the end of the magnitudes. */
  static bytes(frameCapacity: number, binCount: number): number {
    return 4 * (2 * frameCapacity + binCount);
  }

  /** Copies signal[start .. start + length) and window[0 .. length) in. */
  load(signal: Float32Array, start: number, window: Float32Array, length: number): void {
    if (window !== this.window) {
      this.windowCopy.set(window.subarray(0, length));
      this.window = window;
    }
    this.frame.set(signal.subarray(start, start + length));
  }

  /** Copies the magnitudes out, into out[0 .. binCount). */
  store(out: Float32Array): Float32Array {
    out.set(this.magnitudes);
    return out;
  }
}
