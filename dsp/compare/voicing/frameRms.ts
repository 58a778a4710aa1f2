import wasmBase64 from '../../../assembly/windowedRms.wasm.js';
import { threadInstance } from '../wasmInstance.js';

interface WindowedRmsExports {
  windowedRms(x: number, hop: number, frames: number, window: number, length: number, out: number): void;
}

/** Frames per call: their samples, copied in per call, take (BLOCK_FRAMES − 1)·hop + window length floats (85 KB for G60 frames). */
const BLOCK_FRAMES = 128;

/** One instance per thread (assembly/windowedRms.ts), its memory grown for a longer window or hop. */
const rmsInstance = threadInstance<WindowedRmsExports>(wasmBase64);

/**
 * RMS of each windowed frame, √(Σ (x·w)² / L) summed in doubles and rounded to float32 (cEnergy
 * `rms=1` on the windowed frame): frame k is signal[k·hop .. k·hop + L) times window (L values).
 * Runs as WebAssembly a block of frames at a time, their samples copied in: as JavaScript the sum
 * waited for V8's optimising compiler, one call per frame.
 * @param nFrames frames to compute; the last must end within the signal
 */
export function windowedFrameRms(signal: Float32Array, window: Float32Array, hopSamples: number, nFrames: number): Float32Array {
  const length = window.length;
  const blockSamples = (BLOCK_FRAMES - 1) * hopSamples + length;
  const samplesAt = 4 * length;
  const outAt = samplesAt + 4 * blockSamples;
  const bytes = outAt + 4 * BLOCK_FRAMES;
  const { exports, buffer } = rmsInstance(bytes);
  new Float32Array(buffer, 0, length).set(window);
  const samples = new Float32Array(buffer, samplesAt, blockSamples);
  const rms = new Float32Array(buffer, outAt, BLOCK_FRAMES);
  const out = new Float32Array(nFrames);
  for (let first = 0; first < nFrames; first += BLOCK_FRAMES) {
    const frames = Math.min(BLOCK_FRAMES, nFrames - first);
    const start = first * hopSamples;
    samples.set(signal.subarray(start, start + (frames - 1) * hopSamples + length));
    exports.windowedRms(samplesAt, hopSamples, frames, 0, length, outAt);
    out.set(rms.subarray(0, frames), first);
  }
  return out;
}
