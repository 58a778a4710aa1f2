/**
 * The speaker cross-validation report (`crossval/report.md` and `report.html`): Table 2 with the pooled
 * CCC of every model, the statistics over fold × seed scores with the pooled speaker-bootstrap tests,
 * each fold's CCC, and the speakers of each fold. Pure: returns the texts.
 */
import { escapeHtml, escapeMarkdownCell, formatNumber, markdownTable } from './format.js';
import { htmlPage } from './renderReport.js';
import { summaryDetailHtml, summaryDetailMarkdown, table2Html, table2Markdown } from './tables.js';
import { ATTRIBUTE_LABELS, MODEL_LABELS } from './types.js';
import type { CrossValidationRow, FoldCccRow } from '../stats/crossValidation.js';

export interface CrossvalReportInput {
  summary: readonly CrossValidationRow[];
  folds: readonly FoldCccRow[];
  speakers: readonly { fold: number; speaker: string; utterances: number }[];
  /** The resolved config (its corpus section names the folds and the split seed). */
  config: { corpus: { folds?: number; splitSeed: number; splitFractions: { train: number; dev: number } } };
}

interface Section {
  title: string;
  markdown: string;
  html: string;
}

function table(head: readonly string[], rows: readonly string[][], align: ('left' | 'right')[]): Omit<Section, 'title'> {
  return {
    markdown: markdownTable(
      head,
      rows.map((r) => r.map(escapeMarkdownCell)),
      align,
    ),
    html: `<table class="detail">\n<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows
      .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
      .join('\n')}\n</tbody>\n</table>`,
  };
}

const paragraph = (text: string): Omit<Section, 'title'> => ({ markdown: escapeMarkdownCell(text), html: `<p class="note">${escapeHtml(text)}</p>` });

/** Each model × attribute × condition's CCC per fold (mean over seeds, and over training conditions on clean speech), then pooled. */
function perFoldTable(summary: readonly CrossValidationRow[], folds: readonly FoldCccRow[]): Omit<Section, 'title'> {
  const foldNumbers = [...new Set(folds.map((f) => f.fold))].sort((a, b) => a - b);
  const rows = summary.map((s) => {
    const cells = foldNumbers.map((fold) => {
      const scores = folds.filter((f) => f.fold === fold && f.model === s.model && f.attribute === s.attribute && f.condition === s.condition).map((f) => f.ccc);
      return formatNumber(scores.reduce((a, b) => a + b, 0) / scores.length, 3);
    });
    return [MODEL_LABELS[s.model], ATTRIBUTE_LABELS[s.attribute], s.condition, ...cells, formatNumber(s.pooledCcc, 3)];
  });
  const head = ['Model', 'Attribute', 'Condition', ...foldNumbers.map((f) => `Fold ${f}`), 'Pooled'];
  return table(head, rows, ['left', 'left', 'left', ...foldNumbers.map(() => 'right' as const), 'right']);
}

function speakersTable(speakers: CrossvalReportInput['speakers']): Omit<Section, 'title'> {
  const folds = [...new Set(speakers.map((s) => s.fold))].sort((a, b) => a - b);
  const rows = folds.map((fold) => {
    const own = speakers.filter((s) => s.fold === fold);
    return [String(fold), String(own.length), String(own.reduce((n, s) => n + s.utterances, 0)), own.map((s) => s.speaker).join(', ')];
  });
  return table(['Fold', 'Speakers', 'Utterances', 'Test speakers'], rows, ['right', 'right', 'right', 'left']);
}

export interface CrossvalReportOptions {
  alpha?: number;
  lateEpochFraction?: number;
}

export function renderCrossvalReport(input: CrossvalReportInput, options: CrossvalReportOptions = {}): { markdown: string; html: string } {
  const k = input.config.corpus.folds ?? new Set(input.speakers.map((s) => s.fold)).size;
  const speakers = input.speakers.length;
  const title = `Speaker cross-validation: ${k} folds of ${speakers} speakers`;
  const { train, dev } = input.config.corpus.splitFractions;
  const method =
    `The labelled speakers (SpkrID) were split into ${k} folds balanced by utterance count (corpus.splitSeed ${input.config.corpus.splitSeed}); ` +
    `the labels' Split_Set column was ignored. Each fold's run directory (folds/<k>) tested one fold as test-clean and trained on the other speakers, ` +
    `of whom a speaker-disjoint share of about ${formatNumber(dev / (train + dev), 2)} of their utterances formed dev. Every speaker was tested exactly once.`;
  const statistics =
    `Table 2 shows each model's pooled CCC: the CCC of one seed's predictions over every test speaker of every fold, averaged over seeds. ` +
    `Its † and * come from Welch's t-test over the ${k} × seeds fold scores (the "Seeds" column below counts them, and "Mean CCC" is their mean); ` +
    `‡ and § from the paired speaker bootstrap over all ${speakers} speakers, as are the 95% intervals.`;
  const summaryAsPooled = input.summary.map((s) => ({ ...s, mean: s.pooledCcc }));
  const sections: Section[] = [
    { title: 'Method', ...paragraph(method) },
    {
      title: 'Table 2: pooled CCC per model, attribute and condition',
      markdown: `${table2Markdown(summaryAsPooled, options)}\n\n${escapeMarkdownCell(statistics)}`,
      html: `${table2Html(summaryAsPooled, options)}\n<p class="note">${escapeHtml(statistics)}</p>`,
    },
    { title: 'Fold × seed statistics and pooled speaker-bootstrap tests', markdown: summaryDetailMarkdown(input.summary), html: summaryDetailHtml(input.summary) },
    { title: 'CCC per fold', ...perFoldTable(input.summary, input.folds) },
    { title: 'Folds', ...speakersTable(input.speakers) },
  ];
  const markdown = [`# ${escapeMarkdownCell(title)}`, ...sections.map((s) => `## ${s.title}\n\n${s.markdown}`)].join('\n\n') + '\n';
  return { markdown, html: htmlPage(title, sections) };
}
