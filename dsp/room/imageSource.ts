/**
 * Room impulse response of a shoebox room by the image-source method (Allen & Berkley 1979).
 *
 * Every image of the source across the six walls contributes a delayed impulse of amplitude
 * Π(wall reflection coefficients hit) / (4π·distance): the free-field pressure of a point source of unit
 * strength, so the direct path has amplitude 1/(4π·d). Reflection coefficients are pressure ratios,
 * β = √(1 − α) for energy absorption α. Each impulse lands at its exact (fractional) delay through a
 * Hann-windowed sinc, so geometry changes shift the response smoothly rather than in whole samples.
 */

export interface Point3M {
  xM: number;
  yM: number;
  zM: number;
}

export interface ShoeboxRoom {
  /** Interior dimensions (m): x and y span the floor, z the height. */
  lengthXM: number;
  widthYM: number;
  heightZM: number;
  /**
   * Energy absorption coefficient of each surface, in [0, 1): walls at x = 0 and x = lengthX, at y = 0 and
   * y = widthY, floor (z = 0) and ceiling (z = heightZ).
   */
  absorption: { x0: number; x1: number; y0: number; y1: number; floor: number; ceiling: number };
}

export interface ImageSourceOptions {
  /** Response length (s); reflections arriving later are dropped. */
  lengthS: number;
  /** Highest total number of reflections per image; Infinity keeps every image within lengthS. */
  maxOrder?: number;
  speedOfSoundMPerS?: number;
  /** Half-width of the windowed sinc that places each impulse (samples). */
  sincHalfWidthSamples?: number;
  /**
   * Delay added to every path (s). With a source closer than sincHalfWidthSamples·c/fs (about 0.34 m
   * at 16 kHz) the direct path's sinc would start before t = 0 and lose taps; a pre-delay keeps it whole.
   */
  preDelayS?: number;
}

export const SPEED_OF_SOUND_M_PER_S = 343;

/** The same absorption coefficient on all six surfaces. */
export function uniformAbsorption(alpha: number): ShoeboxRoom['absorption'] {
  return { x0: alpha, x1: alpha, y0: alpha, y1: alpha, floor: alpha, ceiling: alpha };
}

export function distanceM(a: Point3M, b: Point3M): number {
  return Math.hypot(a.xM - b.xM, a.yM - b.yM, a.zM - b.zM);
}

function assertInside(room: ShoeboxRoom, p: Point3M, name: string): void {
  const inside = p.xM > 0 && p.xM < room.lengthXM && p.yM > 0 && p.yM < room.widthYM && p.zM > 0 && p.zM < room.heightZM;
  if (!inside) throw new Error(`${name} (${p.xM}, ${p.yM}, ${p.zM}) m is not inside the room`);
}

/**
 * Image positions along one axis, with their reflection count and the product of their reflection
 * coefficients: for n ∈ ℤ and mirror bit q ∈ {0, 1}, position (1 − 2q)·s + 2n·L, with |n − q| reflections
 * off the low wall and |n| off the high wall.
 */
function axisImages(sourceM: number, sizeM: number, maxDistanceM: number, lowAlpha: number, highAlpha: number) {
  const images: { offsetM: number; order: number; gain: number }[] = [];
  const nMax = Math.ceil(maxDistanceM / (2 * sizeM)) + 1;
  for (let n = -nMax; n <= nMax; n++) {
    for (const q of [0, 1]) {
      const lowHits = Math.abs(n - q);
      const highHits = Math.abs(n);
      images.push({
        offsetM: (1 - 2 * q) * sourceM + 2 * n * sizeM,
        order: lowHits + highHits,
        gain: Math.sqrt(1 - lowAlpha) ** lowHits * Math.sqrt(1 - highAlpha) ** highHits,
      });
    }
  }
  return images;
}

export function imageSourceRir(
  room: ShoeboxRoom,
  source: Point3M,
  receiver: Point3M,
  sampleRateHz: number,
  { lengthS, maxOrder = Infinity, speedOfSoundMPerS = SPEED_OF_SOUND_M_PER_S, sincHalfWidthSamples = 16, preDelayS = 0 }: ImageSourceOptions,
): Float32Array {
  assertInside(room, source, 'source');
  assertInside(room, receiver, 'receiver');
  if (distanceM(source, receiver) < 1e-3) throw new Error('source and receiver are less than 1 mm apart');
  const lengthSamples = Math.ceil(lengthS * sampleRateHz);
  const out = new Float64Array(lengthSamples);
  const maxDistanceM = lengthS * speedOfSoundMPerS;
  const a = room.absorption;
  const xs = axisImages(source.xM, room.lengthXM, maxDistanceM, a.x0, a.x1);
  const ys = axisImages(source.yM, room.widthYM, maxDistanceM, a.y0, a.y1);
  const zs = axisImages(source.zM, room.heightZM, maxDistanceM, a.floor, a.ceiling);
  const samplesPerM = sampleRateHz / speedOfSoundMPerS;

  for (const x of xs) {
    const dx = x.offsetM - receiver.xM;
    for (const y of ys) {
      const dy = y.offsetM - receiver.yM;
      const gainXY = x.gain * y.gain;
      const orderXY = x.order + y.order;
      for (const z of zs) {
        if (orderXY + z.order > maxOrder) continue;
        const dz = z.offsetM - receiver.zM;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (d > maxDistanceM) continue;
        const amplitude = (gainXY * z.gain) / (4 * Math.PI * d);
        addFractionalImpulse(out, d * samplesPerM + preDelayS * sampleRateHz, amplitude, sincHalfWidthSamples);
      }
    }
  }
  return Float32Array.from(out);
}

/** Adds amplitude·δ(t − delay) band-limited to Nyquist: a sinc under a Hann window of ±halfWidth samples. */
function addFractionalImpulse(out: Float64Array, delaySamples: number, amplitude: number, halfWidth: number): void {
  const first = Math.max(0, Math.ceil(delaySamples - halfWidth));
  const last = Math.min(out.length - 1, Math.floor(delaySamples + halfWidth));
  for (let i = first; i <= last; i++) {
    const t = i - delaySamples;
    const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
    const window = 0.5 + 0.5 * Math.cos((Math.PI * t) / halfWidth);
    out[i] += amplitude * sinc * window;
  }
}
