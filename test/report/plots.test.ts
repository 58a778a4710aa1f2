import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cccVsSnrSpec, embeddingSpec, renderSvg, trainingCurvesSpec } from '../../report/plots.js';
import { summarize } from '../../stats/summarize.js';
import { PAPER_CONDITIONS, syntheticEmbedding, syntheticHistory, syntheticResults } from './fixtures.js';
import { xmlProblems } from './xmlWellFormed.js';

/** The elements Vega marks as graphics symbols of a given kind, with their data label and attributes. */
function marks(svg: string, role: string): { label: string; element: string }[] {
  const pattern = new RegExp(`<(?:path|line|rect)[^>]*aria-roledescription="${role}"[^>]*>`, 'g');
  return (svg.match(pattern) ?? []).map((element) => ({ label: element.match(/aria-label="([^"]*)"/)?.[1] ?? '', element }));
}

/** "key: value; key: value" from a Vega aria label. */
function fields(label: string): Record<string, string> {
  return Object.fromEntries(label.split('; ').map((kv) => kv.split(': ') as [string, string]));
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

function linearFitResidual(xs: number[], ys: number[]): { slope: number; maxResidual: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b) / n;
  const my = ys.reduce((a, b) => a + b) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, maxResidual: Math.max(...xs.map((x, i) => Math.abs(my + slope * (x - mx) - ys[i]))) };
}

test('Figure 3a: one bar per attribute × condition × embedding, heights proportional to |CCC|', async () => {
  const rows = syntheticEmbedding();
  const svg = await renderSvg(embeddingSpec(rows, 'ccc', ['clean', '10dB', '5dB', '0dB']));
  assert.deepEqual(xmlProblems(svg), []);
  assert.ok(svg.startsWith('<svg'));
  const bars = marks(svg, 'bar');
  assert.equal(bars.length, rows.length * 2);
  const heights = bars.map((b) => Number(b.element.match(/ d="M[-\d.e]+,[-\d.e]+h[-\d.e]+v([-\d.e]+)/)![1]));
  const values = bars.map((b) => Number(fields(b.label).value));
  assert.ok(
    values.every((v) => v >= 0),
    'absolute CCC',
  );
  // A negative CCC of the reconstruction embedding is drawn as its magnitude.
  assert.ok(bars.some((b) => fields(b.label).embedding === 'reconstruction' && Number(fields(b.label).value) >= 0.015));
  const fit = linearFitResidual(values, heights);
  assert.ok(fit.slope > 0 && fit.maxResidual < 0.01 * Math.max(...heights), `bars not proportional to values (residual ${fit.maxResidual})`);
  const labels = texts(svg);
  for (const expected of ['Arousal', 'Valence', 'Dominance', 'clean', '10dB', '5dB', '0dB', '|CCC|', 'emotion', 'reconstruction', 'Embedding']) {
    assert.ok(labels.includes(expected), `missing label ${expected}`);
  }
  // Conditions along x in the given order within a panel.
  const xs = ['clean', '10dB', '5dB', '0dB'].map((c) => labels.indexOf(c));
  assert.deepEqual(
    [...xs].sort((a, b) => a - b),
    xs,
  );
});

test('Figure 3b: MSE bars', async () => {
  const svg = await renderSvg(embeddingSpec(syntheticEmbedding(), 'mse'));
  assert.deepEqual(xmlProblems(svg), []);
  assert.equal(marks(svg, 'bar').length, 24);
  assert.ok(texts(svg).includes('MSE'));
  assert.ok(texts(svg).some((t) => t.startsWith('Figure 3b')));
});

test('training curves: one line per model × attribute × training condition, losses split by kind', async () => {
  const history = syntheticHistory();
  const dev = await renderSvg(trainingCurvesSpec(history, 'devCcc', ['clean', '10dB', '0dB']));
  assert.deepEqual(xmlProblems(dev), []);
  // Dense: 3 attributes × clean; LN and DLN: 3 attributes × 2 conditions.
  assert.equal(marks(dev, 'line mark').length, 3 + 6 + 6);
  const losses = await renderSvg(trainingCurvesSpec(history, 'losses'));
  assert.deepEqual(xmlProblems(losses), []);
  // Dense has no reconstruction loss (NaN), so it has one line per panel, the ladders two.
  const lossLines = marks(losses, 'line mark');
  assert.equal(lossLines.length, 3 + 2 * (6 + 6));
  assert.ok(lossLines.some((l) => fields(l.label).Loss === 'reconstruction loss' && l.element.includes('stroke-dasharray')));
  assert.ok(!lossLines.some((l) => fields(l.label).Model === 'Dense' && fields(l.label).Loss === 'reconstruction loss'));
  for (const expected of ['Epoch', 'dev CCC', 'Training condition', 'Dense', 'LN', 'DLN']) assert.ok(texts(dev).includes(expected), expected);
});

test('CCC against calibrated SNR: lines per model and attribute, points at the Table 1 SNRs, CI rules', async () => {
  const summary = summarize(syntheticResults(3), { intervals: [{ model: 'dln', attribute: 'arousal', condition: '5dB', ciLow: 0.4, ciHigh: 0.5 }] });
  const svg = await renderSvg(cccVsSnrSpec(summary, PAPER_CONDITIONS));
  assert.deepEqual(xmlProblems(svg), []);
  assert.equal(marks(svg, 'line mark').length, 5 * 3);
  const points = marks(svg, 'point');
  assert.equal(points.length, 5 * 3 * 3, 'clean has no SNR and is left out');
  assert.deepEqual(
    [...new Set(points.map((p) => Number(fields(p.label)['Calibrated SNR (dB)'])))].sort((a, b) => a - b),
    [0.15, 4.34, 11.06],
  );
  // Pixel positions are linear in the data: x rises with SNR, y falls with CCC (one shared scale).
  const position = (p: { element: string }) =>
    p.element
      .match(/translate\(([-\d.e]+),([-\d.e]+)\)/)!
      .slice(1)
      .map(Number);
  const yFit = linearFitResidual(
    points.map((p) => Number(fields(p.label)['Mean CCC'])),
    points.map((p) => position(p)[1]),
  );
  assert.ok(yFit.slope < 0 && yFit.maxResidual < 0.5, `y residual ${yFit.maxResidual}`);
  const rules = marks(svg, 'rule mark');
  assert.equal(rules.length, 1);
  assert.match(rules[0].label, /ciLow: 0\.4; ciHigh: 0\.5; Model: DLN/);
  assert.ok(texts(svg).includes('Calibrated SNR (dB)'));
  // Each model keeps its colour in every figure.
  const colours = new Map<string, string>();
  for (const line of marks(svg, 'line mark')) {
    const model = fields(line.label).Model;
    const stroke = line.element.match(/stroke="([^"]+)"/)![1];
    assert.equal(colours.get(model) ?? stroke, stroke, model);
    colours.set(model, stroke);
  }
  assert.equal(new Set(colours.values()).size, 5);
});
