/**
 * Table 1 (recording conditions) and Table 2 (mean CCC per model × attribute and condition, with the
 * paper's marks), as Markdown and as HTML, plus a detail table of the seed statistics.
 */
import { escapeHtml, escapeMarkdownCell, formatNumber, formatP, markdownTable } from './format.js';
import { ATTRIBUTES } from '../data/attributes.js';
import { MODEL_NAMES } from '../models/names.js';
import { ATTRIBUTE_LABELS, MODEL_LABELS, type Attribute, type ConditionRow, type EmbeddingRow, type ModelName, type SummaryRow } from './types.js';

const TABLE1_HEADER = ['Recording condition', '(A) speech distance (inch)', '(B) noise distance (inch)', 'Estimated SNR (dB)'];

function table1Cells(conditions: readonly ConditionRow[]): string[][] {
  return conditions.map((c) => [c.name, formatNumber(c.speechDistanceIn, 0), formatNumber(c.noiseDistanceIn, 0), formatNumber(c.estimatedSnrDb, 2)]);
}

export function table1Markdown(conditions: readonly ConditionRow[]): string {
  const rows = table1Cells(conditions).map(([name, ...rest]) => [escapeMarkdownCell(name), ...rest]);
  return markdownTable(TABLE1_HEADER, rows, ['left', 'right', 'right', 'right']);
}

export function table1Html(conditions: readonly ConditionRow[]): string {
  const head = `<tr>${TABLE1_HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = table1Cells(conditions)
    .map(([name, ...rest]) => `<tr><th scope="row">${escapeHtml(name)}</th>${rest.map((v) => `<td>${v}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="table1">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export interface Table2Options {
  /** Column conditions, in order; only those with results are shown. Default: 'clean' first, then as they appear. */
  conditionOrder?: readonly string[];
  /** Decimals of the CCC values; "best per column" compares the values as shown. Default 3. */
  decimals?: number;
}

export interface Table2Cell {
  mean: number;
  bold: boolean;
  /** † : beats Dense significantly. */
  dagger: boolean;
  /** * : beats LN significantly. */
  star: boolean;
  /** ‡ : beats Dense significantly by the paired speaker bootstrap. */
  doubleDagger: boolean;
  /** § : beats LN significantly by the paired speaker bootstrap. */
  section: boolean;
  /** ° : a multi-condition model beats its base significantly. */
  degree: boolean;
  /** ¶ : a multi-condition model beats its base significantly by the paired speaker bootstrap. */
  pilcrow: boolean;
  /** ⚠ : some run of this cell did not converge. */
  warning: boolean;
  nUnconverged: number;
  nSeeds: number;
}

export interface Table2Layout {
  columns: { attribute: Attribute; condition: string }[];
  rows: { model: ModelName; cells: (Table2Cell | undefined)[] }[];
}

function columnConditions(summary: readonly SummaryRow[], conditionOrder: readonly string[] | undefined): string[] {
  const present = [...new Set(summary.map((s) => s.condition))];
  if (conditionOrder) return conditionOrder.filter((c) => present.includes(c));
  return present.includes('clean') ? ['clean', ...present.filter((c) => c !== 'clean')] : present;
}

/** The content of Table 2, independent of the output format. */
export function table2Layout(summary: readonly SummaryRow[], options: Table2Options = {}): Table2Layout {
  const { conditionOrder, decimals = 3 } = options;
  const conditions = columnConditions(summary, conditionOrder);
  const columns = ATTRIBUTES.flatMap((attribute) =>
    conditions.filter((condition) => summary.some((s) => s.attribute === attribute && s.condition === condition)).map((condition) => ({ attribute, condition })),
  );
  const models = MODEL_NAMES.filter((m) => summary.some((s) => s.model === m));
  const find = (model: ModelName, attribute: Attribute, condition: string) => summary.find((s) => s.model === model && s.attribute === attribute && s.condition === condition);
  const rounded = (x: number) => Number(x.toFixed(decimals));
  const best = columns.map(({ attribute, condition }) => {
    const means = models.map((m) => find(m, attribute, condition)?.mean).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return means.length ? Math.max(...means.map(rounded)) : NaN;
  });
  const rows = models.map((model) => ({
    model,
    cells: columns.map(({ attribute, condition }, j) => {
      const s = find(model, attribute, condition);
      if (!s) return undefined;
      return {
        mean: s.mean,
        bold: Number.isFinite(s.mean) && rounded(s.mean) === best[j],
        dagger: s.beatsDense,
        star: s.beatsLn,
        doubleDagger: s.beatsDenseBySpeakers,
        section: s.beatsLnBySpeakers,
        degree: s.beatsBase,
        pilcrow: s.beatsBaseBySpeakers,
        warning: s.nUnconverged > 0,
        nUnconverged: s.nUnconverged,
        nSeeds: s.nSeeds,
      };
    }),
  }));
  return { columns, rows };
}

function table2Legend(alpha: number, lateEpochFraction: number): string {
  return (
    `Mean CCC over seeds. Bold: best per column. † significantly better than Dense, * significantly better than LN ` +
    `(two-tailed Welch's t-test over seeds, p ≤ ${alpha}, higher mean: the paper's test). ‡ significantly better than Dense, ` +
    `§ significantly better than LN by a paired speaker-bootstrap test (test speakers resampled with replacement, the same ` +
    `draw for both models, each scored by its seed-averaged CCC; two-sided p ≤ ${alpha}, higher mean). ° (Welch) and ¶ (speakers) ` +
    `a multi-condition model (+MCT) significantly better than the same model trained on clean labelled data only. ⚠ some runs had their best dev epoch in the last ` +
    `${Math.round(lateEpochFraction * 100)}% of the epoch budget (possibly not converged).`
  );
}

export interface Table2RenderOptions extends Table2Options {
  /** Threshold named in the legend (the marks themselves come from the summary). Default 0.05. */
  alpha?: number;
  /** Fraction named in the legend for ⚠. Default 0.05. */
  lateEpochFraction?: number;
}

export function table2Markdown(summary: readonly SummaryRow[], options: Table2RenderOptions = {}): string {
  const { decimals = 3, alpha = 0.05, lateEpochFraction = 0.05 } = options;
  const layout = table2Layout(summary, options);
  const header = ['Model', ...layout.columns.map((c) => `${ATTRIBUTE_LABELS[c.attribute]} ${escapeMarkdownCell(c.condition)}`)];
  const rows = layout.rows.map((row) => [
    escapeMarkdownCell(MODEL_LABELS[row.model]),
    ...row.cells.map((cell) => {
      if (!cell) return '–';
      const value = formatNumber(cell.mean, decimals);
      return `${cell.bold ? `**${value}**` : value}${cell.dagger ? '†' : ''}${cell.star ? '\\*' : ''}${cell.doubleDagger ? '‡' : ''}${cell.section ? '§' : ''}${cell.degree ? '°' : ''}${cell.pilcrow ? '¶' : ''}${cell.warning ? ' ⚠' : ''}`;
    }),
  ]);
  return `${markdownTable(header, rows, ['left', ...layout.columns.map(() => 'right' as const)])}\n\n${escapeMarkdownCell(table2Legend(alpha, lateEpochFraction))}`;
}

export function table2Html(summary: readonly SummaryRow[], options: Table2RenderOptions = {}): string {
  const { decimals = 3, alpha = 0.05, lateEpochFraction = 0.05 } = options;
  const layout = table2Layout(summary, options);
  const spans = ATTRIBUTES.map((a) => [a, layout.columns.filter((c) => c.attribute === a).length] as const).filter(([, n]) => n > 0);
  const headTop = `<tr><th rowspan="2">Model</th>${spans.map(([a, n]) => `<th colspan="${n}">${ATTRIBUTE_LABELS[a]}</th>`).join('')}</tr>`;
  const headBottom = `<tr>${layout.columns.map((c) => `<th>${escapeHtml(c.condition)}</th>`).join('')}</tr>`;
  const body = layout.rows
    .map((row) => {
      const cells = row.cells.map((cell) => {
        if (!cell) return '<td class="missing">–</td>';
        const value = escapeHtml(formatNumber(cell.mean, decimals));
        const marks = `${cell.dagger ? '†' : ''}${cell.star ? '*' : ''}${cell.doubleDagger ? '‡' : ''}${cell.section ? '§' : ''}${cell.degree ? '°' : ''}${cell.pilcrow ? '¶' : ''}`;
        const warning = cell.warning ? ` <span class="warn" title="${cell.nUnconverged} of ${cell.nSeeds} runs had their best epoch at the end of the budget">⚠</span>` : '';
        return `<td>${cell.bold ? `<strong>${value}</strong>` : value}${marks ? `<sup>${marks}</sup>` : ''}${warning}</td>`;
      });
      return `<tr><th scope="row">${escapeHtml(MODEL_LABELS[row.model])}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  return (
    `<table class="table2">\n<thead>\n${headTop}\n${headBottom}\n</thead>\n<tbody>\n${body}\n</tbody>\n</table>\n` +
    `<p class="legend">${escapeHtml(table2Legend(alpha, lateEpochFraction))}</p>`
  );
}

const DETAIL_HEADER = [
  'Model',
  'Attribute',
  'Condition',
  'Seeds',
  'Mean CCC',
  'SD',
  '95% CI (speaker bootstrap)',
  'p vs Dense (Welch)',
  'p vs Dense (speakers)',
  'p vs LN (Welch)',
  'p vs LN (speakers)',
  'p vs base (Welch)',
  'p vs base (speakers)',
  'Not converged',
];

function detailCells(summary: readonly SummaryRow[]): string[][] {
  return summary.map((s) => [
    MODEL_LABELS[s.model],
    ATTRIBUTE_LABELS[s.attribute],
    s.condition,
    String(s.nSeeds),
    formatNumber(s.mean, 3),
    formatNumber(s.sd, 3),
    Number.isFinite(s.ciLow) && Number.isFinite(s.ciHigh) ? `[${formatNumber(s.ciLow, 3)}, ${formatNumber(s.ciHigh, 3)}]` : '–',
    formatP(s.pVsDense),
    formatP(s.pSpeakersVsDense),
    formatP(s.pVsLn),
    formatP(s.pSpeakersVsLn),
    formatP(s.pVsBase),
    formatP(s.pSpeakersVsBase),
    String(s.nUnconverged),
  ]);
}

/** Every summary row with its spread, bootstrap interval and p-values. */
export function summaryDetailMarkdown(summary: readonly SummaryRow[]): string {
  const rows = detailCells(summary).map((cells) => cells.map(escapeMarkdownCell));
  return markdownTable(DETAIL_HEADER, rows, ['left', 'left', 'left', ...DETAIL_HEADER.slice(3).map(() => 'right' as const)]);
}

export function summaryDetailHtml(summary: readonly SummaryRow[]): string {
  const head = `<tr>${DETAIL_HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = detailCells(summary)
    .map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="detail">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const LAYER_HEADER = [
  'Attribute',
  'Condition',
  'Decoder layer',
  'MSE, decoder reads the reconstruction embedding (DLN)',
  'MSE, decoder reads the emotion embedding',
  'Emotion − reconstruction',
];

/** Figure 3b by decoder layer, top to bottom, then the input with its lateral connection cut where analysed. */
function embeddingLayerCells(rows: readonly EmbeddingRow[], conditionOrder: readonly string[]): string[][] {
  const layers = [
    ['hidden 2, reconstruction half', 'mseZ2rReconstruction', 'mseZ2rEmotion'],
    ['hidden 1', 'mseZ1Reconstruction', 'mseZ1Emotion'],
    ['input', 'mseReconstruction', 'mseEmotion'],
    ['input, its lateral connection cut', 'mseNoLateralReconstruction', 'mseNoLateralEmotion'],
    ['input, every lateral connection cut', 'mseNoLateralsReconstruction', 'mseNoLateralsEmotion'],
  ] as const;
  const rank = (c: string) => (conditionOrder.includes(c) ? conditionOrder.indexOf(c) : conditionOrder.length);
  const ordered = [...rows].sort((a, b) => ATTRIBUTES.indexOf(a.attribute) - ATTRIBUTES.indexOf(b.attribute) || rank(a.condition) - rank(b.condition));
  return ordered.flatMap((r) =>
    layers
      .filter(([, rec, emo]) => Number.isFinite(r[rec]) && Number.isFinite(r[emo]))
      .map(([layer, rec, emo]) => [ATTRIBUTE_LABELS[r.attribute], r.condition, layer, formatNumber(r[rec], 5), formatNumber(r[emo], 5), formatNumber(r[emo] - r[rec], 5)]),
  );
}

export function embeddingLayersMarkdown(rows: readonly EmbeddingRow[], conditionOrder: readonly string[] = ['clean']): string {
  const cells = embeddingLayerCells(rows, conditionOrder).map((r) => r.map(escapeMarkdownCell));
  return markdownTable(LAYER_HEADER, cells, ['left', 'left', 'left', 'right', 'right', 'right']);
}

export function embeddingLayersHtml(rows: readonly EmbeddingRow[], conditionOrder: readonly string[] = ['clean']): string {
  const head = `<tr>${LAYER_HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = embeddingLayerCells(rows, conditionOrder)
    .map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="detail">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
