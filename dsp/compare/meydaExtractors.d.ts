// Types for the meyda extractors we import one by one. meyda ships them only for its ESM build,
// which Node loads as CommonJS (the package has no "type": "module"), so we import the CJS build.
declare module 'meyda/dist/node/extractors/rms.js' {
  /** sqrt(mean(signal²)) over the whole array. */
  export default function rms(args: { signal: Float32Array }): number;
}
