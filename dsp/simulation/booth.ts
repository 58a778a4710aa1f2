import { imageSourceRir, uniformAbsorption, type Point3M, type ShoeboxRoom } from '../room/imageSource.js';
import { withDiffuseTail } from '../room/diffuseTail.js';
import { eyringRt60S } from '../room/reverberationTime.js';

export const METRES_PER_INCH = 0.0254;
export const METRES_PER_FOOT = 0.3048;

export interface BoothOptions {
  floorLengthFt: number;
  floorWidthFt: number;
  heightFt: number;
  /** Energy absorption coefficient of every surface (a treated booth is around 0.5). */
  absorption: number;
  /** Height of the phone and both loudspeakers above the floor. */
  sourceHeightM: number;
  rirLengthS: number;
  /** Image-source part of the response; after it a diffuse tail decaying at the Eyring RT60. */
  diffuseFromS: number;
}

export interface BoothPaths {
  room: ShoeboxRoom;
  phone: Point3M;
  speechSource: Point3M;
  noiseSource: Point3M;
  speechRir: Float32Array;
  noiseRir: Float32Array;
  rt60S: number;
}

/** Keeps the direct path's band-limited impulse whole for sources close to the phone. */
const PRE_DELAY_S = 0.002;

/**
 * The paper's booth (§4.1, Figure 2): the phone in the middle of the floor, the speech loudspeaker
 * `speechDistanceIn` to one side and the noise loudspeaker `noiseDistanceIn` to the other, on one line
 * at one height; the impulse response of each loudspeaker-to-phone path.
 */
export function boothPaths(speechDistanceIn: number, noiseDistanceIn: number, o: BoothOptions, sampleRateHz: number, seed: number): BoothPaths {
  const room: ShoeboxRoom = {
    lengthXM: o.floorLengthFt * METRES_PER_FOOT,
    widthYM: o.floorWidthFt * METRES_PER_FOOT,
    heightZM: o.heightFt * METRES_PER_FOOT,
    absorption: uniformAbsorption(o.absorption),
  };
  const phone = { xM: room.lengthXM / 2, yM: room.widthYM / 2, zM: o.sourceHeightM };
  const speechSource = { ...phone, xM: phone.xM - speechDistanceIn * METRES_PER_INCH };
  const noiseSource = { ...phone, xM: phone.xM + noiseDistanceIn * METRES_PER_INCH };
  const rt60S = eyringRt60S(room);
  const path = (source: Point3M, pathSeed: number) =>
    withDiffuseTail(imageSourceRir(room, source, phone, sampleRateHz, { lengthS: o.rirLengthS, preDelayS: PRE_DELAY_S }), sampleRateHz, {
      fromS: o.diffuseFromS,
      rt60S,
      seed: pathSeed,
    });
  return { room, phone, speechSource, noiseSource, speechRir: path(speechSource, seed), noiseRir: path(noiseSource, seed + 1), rt60S };
}
