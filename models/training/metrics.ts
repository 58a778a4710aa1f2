/** Concordance correlation coefficient of two series (biased moments, as the loss uses). */
export function concordance(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = pred.length;
  if (n !== target.length || n === 0) throw new Error('concordance: series must be non-empty and of equal length');
  let mp = 0;
  let mt = 0;
  for (let i = 0; i < n; i++) {
    mp += pred[i];
    mt += target[i];
  }
  mp /= n;
  mt /= n;
  let vp = 0;
  let vt = 0;
  let cov = 0;
  for (let i = 0; i < n; i++) {
    const a = pred[i] - mp;
    const b = target[i] - mt;
    vp += a * a;
    vt += b * b;
    cov += a * b;
  }
  return (2 * cov) / n / (vp / n + vt / n + (mp - mt) ** 2);
}
