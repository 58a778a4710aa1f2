/**
 * The report's figures as Vega-Lite specs, rendered to SVG strings in Node (no browser, no canvas):
 * Figure 3a/3b of the paper (embedding analysis), training curves, and CCC against calibrated SNR.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ATTRIBUTES } from '../data/attributes.js';
import { MODEL_NAMES } from '../models/names.js';
import { ATTRIBUTE_LABELS, MODEL_LABELS, type ConditionRow, type EmbeddingRow, type HistoryRow, type ModelName, type SummaryRow } from './types.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** One colour per model, fixed so a model looks the same in every figure. */
const MODEL_COLOURS: Record<ModelName, string> = {
  dense: '#7f7f7f',
  'dense_adabn': '#bcbd22',
  'dense_mct': '#8c564b',
  ln: '#1f77b4',
  'ln_adabn': '#17becf',
  dln: '#d62728',
  'dln_adabn': '#ff7f0e',
  'dln_mct': '#9467bd',
  'dln_he': '#2ca02c',
};
const ATTRIBUTE_ORDER = ATTRIBUTES.map((a) => ATTRIBUTE_LABELS[a]);
const CELL_WIDTH = 170;
const CELL_HEIGHT = 150;

function modelColour(models: Iterable<ModelName>) {
  const present = MODEL_NAMES.filter((m) => [...models].includes(m));
  return { domain: present.map((m) => MODEL_LABELS[m]), range: present.map((m) => MODEL_COLOURS[m]) };
}

/** Conditions in the given order, then any others in order of appearance. */
function orderConditions(present: Iterable<string>, conditionOrder: readonly string[]): string[] {
  const all = [...new Set(present)];
  return [...conditionOrder.filter((c) => all.includes(c)), ...all.filter((c) => !conditionOrder.includes(c))];
}

type EmbeddingMetric = 'ccc' | 'mse';

/**
 * Grouped bars per attribute (panels) and condition (groups): emotion vs reconstruction embedding.
 * 'ccc' is Figure 3a (absolute CCC, as the paper plots), 'mse' Figure 3b (input-reconstruction MSE).
 */
export function embeddingSpec(rows: readonly EmbeddingRow[], metric: EmbeddingMetric, conditionOrder: readonly string[] = ['clean']): TopLevelSpec {
  const values = rows.flatMap((r) => {
    const [emotion, reconstruction] = metric === 'ccc' ? [Math.abs(r.cccEmotion), Math.abs(r.cccReconstruction)] : [r.mseEmotion, r.mseReconstruction];
    const base = { attribute: ATTRIBUTE_LABELS[r.attribute], condition: r.condition };
    return [
      { ...base, embedding: 'emotion', value: emotion },
      { ...base, embedding: 'reconstruction', value: reconstruction },
    ];
  });
  const conditions = orderConditions(
    rows.map((r) => r.condition),
    conditionOrder,
  );
  return {
    $schema: SCHEMA,
    title: metric === 'ccc' ? 'Figure 3a: |CCC| of DLN reading each embedding' : 'Figure 3b: input-reconstruction MSE of DLN decoding each embedding',
    data: { values },
    mark: 'bar',
    width: CELL_WIDTH,
    height: CELL_HEIGHT,
    encoding: {
      column: { field: 'attribute', type: 'nominal', sort: ATTRIBUTE_ORDER, title: null },
      x: { field: 'condition', type: 'nominal', sort: conditions, title: 'Condition', axis: { labelAngle: 0 } },
      xOffset: { field: 'embedding', type: 'nominal' },
      y: { field: 'value', type: 'quantitative', title: metric === 'ccc' ? '|CCC|' : 'MSE' },
      color: { field: 'embedding', type: 'nominal', title: 'Embedding', scale: { range: ['#d62728', '#1f77b4'] } },
      // Becomes each bar's aria-label in the SVG: the exact values stay readable (and testable) in the file.
      tooltip: [{ field: 'attribute' }, { field: 'condition' }, { field: 'embedding' }, { field: 'value', format: '.3f' }],
    },
  };
}

type HistoryMetric = 'devCcc' | 'trainLoss' | 'reconLoss';
const METRIC_LABELS: Record<HistoryMetric, string> = { devCcc: 'dev CCC', trainLoss: 'training loss', reconLoss: 'reconstruction loss' };

/** Mean over seeds of each metric per model, attribute, condition and epoch (non-finite values skipped). */
function meanHistory(history: readonly HistoryRow[], metrics: readonly HistoryMetric[]) {
  const groups = new Map<string, { model: ModelName; attribute: string; condition: string; epoch: number; metric: HistoryMetric; sum: number; n: number }>();
  for (const row of history) {
    for (const metric of metrics) {
      const value = row[metric];
      if (!Number.isFinite(value)) continue;
      const key = [row.model, row.attribute, row.condition, row.epoch, metric].join('\u0000');
      const group = groups.get(key) ?? { model: row.model, attribute: ATTRIBUTE_LABELS[row.attribute], condition: row.condition, epoch: row.epoch, metric, sum: 0, n: 0 };
      group.sum += value;
      group.n++;
      groups.set(key, group);
    }
  }
  return [...groups.values()].map((g) => ({
    model: MODEL_LABELS[g.model],
    attribute: g.attribute,
    condition: g.condition,
    epoch: g.epoch,
    metric: METRIC_LABELS[g.metric],
    value: g.sum / g.n,
  }));
}

/**
 * Training curves, averaged over seeds: panels per training condition (rows) and attribute (columns),
 * one line per model. 'devCcc' plots the model-selection criterion; 'losses' the training loss (solid)
 * and the reconstruction loss (dashed).
 */
export function trainingCurvesSpec(history: readonly HistoryRow[], kind: 'devCcc' | 'losses', conditionOrder: readonly string[] = ['clean']): TopLevelSpec {
  const metrics: HistoryMetric[] = kind === 'devCcc' ? ['devCcc'] : ['trainLoss', 'reconLoss'];
  const values = meanHistory(history, metrics);
  const conditions = orderConditions(
    history.map((h) => h.condition),
    conditionOrder,
  );
  return {
    $schema: SCHEMA,
    title: kind === 'devCcc' ? 'Dev CCC per epoch (mean over seeds)' : 'Training and reconstruction loss per epoch (mean over seeds)',
    data: { values },
    mark: { type: 'line', strokeWidth: 1.5 },
    width: CELL_WIDTH,
    height: CELL_HEIGHT - 30,
    encoding: {
      row: { field: 'condition', type: 'nominal', sort: conditions, title: 'Training condition' },
      column: { field: 'attribute', type: 'nominal', sort: ATTRIBUTE_ORDER, title: null },
      x: { field: 'epoch', type: 'quantitative', title: 'Epoch' },
      y: { field: 'value', type: 'quantitative', title: kind === 'devCcc' ? 'dev CCC' : 'loss' },
      color: { field: 'model', type: 'nominal', title: 'Model', scale: modelColour(history.map((h) => h.model)) },
      ...(kind === 'losses' ? { strokeDash: { field: 'metric', type: 'nominal', title: 'Loss', sort: [METRIC_LABELS.trainLoss, METRIC_LABELS.reconLoss] } } : {}),
    },
  };
}

/**
 * Mean CCC against the calibrated SNR of each condition (Table 1), one line per model, a panel per
 * attribute; bars show the speaker-bootstrap interval where the summary has one. The clean condition
 * has no SNR and is left out.
 */
export function cccVsSnrSpec(summary: readonly SummaryRow[], conditions: readonly ConditionRow[]): TopLevelSpec {
  const snrByName = new Map(conditions.map((c) => [c.name, c.estimatedSnrDb]));
  const values = summary
    .filter((s) => snrByName.has(s.condition) && Number.isFinite(s.mean))
    .map((s) => ({
      model: MODEL_LABELS[s.model],
      attribute: ATTRIBUTE_LABELS[s.attribute],
      condition: s.condition,
      snrDb: snrByName.get(s.condition),
      mean: s.mean,
      ...(Number.isFinite(s.ciLow) && Number.isFinite(s.ciHigh) ? { ciLow: s.ciLow, ciHigh: s.ciHigh } : {}),
    }));
  const colour = { field: 'model', type: 'nominal', title: 'Model', scale: modelColour(summary.map((s) => s.model)) } as const;
  const x = { field: 'snrDb', type: 'quantitative', title: 'Calibrated SNR (dB)' } as const;
  return {
    $schema: SCHEMA,
    title: 'Mean CCC against calibrated SNR',
    data: { values },
    facet: { column: { field: 'attribute', type: 'nominal', sort: ATTRIBUTE_ORDER, title: null } },
    spec: {
      width: CELL_WIDTH,
      height: CELL_HEIGHT,
      layer: [
        { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'Mean CCC' }, color: colour } },
        {
          transform: [{ filter: 'isValid(datum.ciLow)' }],
          mark: { type: 'rule', opacity: 0.6 },
          encoding: { x, y: { field: 'ciLow', type: 'quantitative' }, y2: { field: 'ciHigh' }, color: colour },
        },
      ],
    },
  };
}

/** Renders a Vega-Lite spec to a standalone SVG string, headless (Vega's 'none' renderer). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded here, on first use: vega and vega-lite are some 300 modules no other command needs.
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
