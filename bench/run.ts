import { cliSpeedBench } from './cliSpeed.js';
import { clusterGridBench } from './clusterGrid.js';
import { featureParityBench } from './featureParity.js';
import { featureSpeedBench } from './featureSpeed.js';
import { snrAccuracyBench } from './snrAccuracy.js';
import { trainSpeedBench } from './trainSpeed.js';

/** `npm run bench [-- NAME…]`: every benchmark, or the named ones. Figures are printed, never asserted. */
const BENCHES: Record<string, () => Promise<void>> = {
  cli: cliSpeedBench,
  cluster: clusterGridBench,
  features: featureSpeedBench,
  parity: featureParityBench,
  snr: snrAccuracyBench,
  train: trainSpeedBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  await BENCHES[name]();
  console.log();
}
