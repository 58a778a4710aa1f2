/** The WebAssembly module compiled from movingAverage.ts, base64 (written by scripts/buildWasm.mjs). */
declare const base64: string;
export default base64;
