/** The WebAssembly module compiled from deltaRegression.ts, base64 (written by scripts/buildWasm.mjs). */
declare const base64: string;
export default base64;
