/**
 * Assembles the run's report: `report.md` (figures referenced as SVG files beside it) and a
 * self-contained `report.html` (figures inlined as SVG, CSS inlined, no external references, so it
 * opens offline). Pure: returns the texts; the report stage writes them.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml, escapeMarkdownCell, formatNumber, markdownTable } from './format.js';
import { cccVsSnrSpec, embeddingSpec, renderSvg, trainingCurvesSpec } from './plots.js';
import { embeddingLayersHtml, embeddingLayersMarkdown, summaryDetailHtml, summaryDetailMarkdown, table1Html, table1Markdown, table2Html, table2Markdown } from './tables.js';
import type { ConditionRow, EmbeddingRow, HistoryRow, RunHeader, SummaryRow } from './types.js';

export interface ReportInput {
  header: RunHeader;
  conditions: readonly ConditionRow[];
  summary: readonly SummaryRow[];
  history?: readonly HistoryRow[];
  embedding?: readonly EmbeddingRow[];
}

export interface ReportOptions {
  /** Significance threshold named in Table 2's legend (the summary's marks used it). Default 0.05. */
  alpha?: number;
  /** Late-epoch fraction named in Table 2's legend for ⚠. Default 0.05. */
  lateEpochFraction?: number;
  /** Folder, relative to report.md, that the figure files go in. Default 'figures'. */
  figuresDir?: string;
}

export interface ReportFigure {
  /** File name under figuresDir. */
  fileName: string;
  caption: string;
  svg: string;
}

export interface RenderedReport {
  markdown: string;
  html: string;
  figures: ReportFigure[];
}

/** One section of the report, in both formats. */
interface Section {
  title: string;
  markdown: string;
  html: string;
}

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }
th[scope="row"], thead th { text-align: left; background: #f5f5f5; }
.table2 thead th { text-align: center; }
td.missing { color: #999; }
.warn { color: #b36b00; cursor: help; }
.legend, figcaption, .note { font-size: 0.85rem; color: #555; }
figure { margin: 1rem 0; overflow-x: auto; }
pre { background: #f7f7f7; padding: 0.75rem; overflow-x: auto; font-size: 0.8rem; }
`;

/** Vega's SVG, ready to sit inline in HTML (any XML prolog dropped). */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

function headerSections(header: RunHeader): Section[] {
  const sizes = header.setSizes.map((s) => [s.set, String(s.utterances), String(s.speakers)]);
  const timings = header.stageTimings.map((t) => [t.stage, formatNumber(t.seconds, 1), t.status ?? '']);
  const versions = Object.entries(header.softwareVersions);
  const configJson = JSON.stringify(header.config ?? null, null, 2);
  // A code fence longer than any backtick run in the JSON, so the config cannot close it.
  const fence = '`'.repeat(Math.max(3, ...(configJson.match(/`+/g) ?? []).map((run) => run.length + 1)));
  const htmlTable = (head: string[], rows: string[][]) =>
    `<table>\n<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows
      .map(([first, ...rest]) => `<tr><th scope="row">${escapeHtml(first)}</th>${rest.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
      .join('\n')}\n</tbody>\n</table>`;
  const table = (title: string, head: string[], rows: string[][], align: ('left' | 'right')[]): Section => ({
    title,
    markdown: markdownTable(
      head,
      rows.map((r) => r.map(escapeMarkdownCell)),
      align,
    ),
    html: htmlTable(head, rows),
  });
  return [
    table('Corpus', ['Set', 'Utterances', 'Speakers'], sizes, ['left', 'right', 'right']),
    table('Stage timings', ['Stage', 'Seconds', 'Status'], timings, ['left', 'right', 'left']),
    table('Software', ['Package', 'Version'], versions, ['left', 'left']),
    {
      title: 'Configuration',
      markdown: `${fence}json\n${configJson}\n${fence}`,
      html: `<details><summary>Resolved config</summary>\n<pre>${escapeHtml(configJson)}</pre>\n</details>`,
    },
  ];
}

interface FigurePlan {
  fileName: string;
  caption: string;
  spec: TopLevelSpec;
}

function figurePlans(input: ReportInput, conditionOrder: readonly string[]): { section: string; plans: FigurePlan[]; note?: string }[] {
  const embedding = input.embedding ?? [];
  const history = input.history ?? [];
  const hasSnrPoints = input.summary.some((s) => input.conditions.some((c) => c.name === s.condition));
  return [
    {
      section: 'Embedding analysis (Figure 3)',
      plans: embedding.length
        ? [
            {
              fileName: 'figure3a.svg',
              caption: 'Figure 3a: absolute CCC when the output layer reads the emotion embedding (DLN) or the reconstruction embedding instead.',
              spec: embeddingSpec(embedding, 'ccc', conditionOrder),
            },
            {
              fileName: 'figure3b.svg',
              caption: 'Figure 3b: input-reconstruction MSE when the decoder reads the reconstruction embedding (DLN) or the emotion embedding instead.',
              spec: embeddingSpec(embedding, 'mse', conditionOrder),
            },
          ]
        : [],
      note: embedding.length ? undefined : 'No embedding analysis in this run (it needs trained DLN models).',
    },
    {
      section: 'CCC against calibrated SNR',
      plans: hasSnrPoints
        ? [
            {
              fileName: 'ccc-vs-snr.svg',
              caption:
                'Mean CCC over seeds against the calibrated SNR of each recording condition; vertical bars: 95% speaker-bootstrap interval. Clean speech has no SNR and is not shown.',
              spec: cccVsSnrSpec(input.summary, input.conditions),
            },
          ]
        : [],
      note: hasSnrPoints ? undefined : 'No results on noisy conditions with a calibrated SNR.',
    },
    {
      section: 'Training curves',
      plans: history.length
        ? [
            {
              fileName: 'training-dev-ccc.svg',
              caption: 'Dev CCC per epoch, mean over seeds, per training condition and attribute.',
              spec: trainingCurvesSpec(history, 'devCcc', conditionOrder),
            },
            {
              fileName: 'training-losses.svg',
              caption: 'Training loss (solid) and reconstruction loss (dashed) per epoch, mean over seeds.',
              spec: trainingCurvesSpec(history, 'losses', conditionOrder),
            },
          ]
        : [],
      note: history.length ? undefined : 'No training history in this run.',
    },
  ];
}

/** Renders report.md, report.html and the SVG figures from the run's tables. */
export async function renderReport(input: ReportInput, options: ReportOptions = {}): Promise<RenderedReport> {
  const { alpha = 0.05, lateEpochFraction = 0.05, figuresDir = 'figures' } = options;
  const title = input.header.title ?? 'Noise-robust speech emotion recognition: run report';
  const conditionOrder = ['clean', ...input.conditions.map((c) => c.name)];
  const figures: ReportFigure[] = [];
  const sections: Section[] = [];

  sections.push({
    title: 'Table 1: recording conditions',
    markdown: input.conditions.length ? table1Markdown(input.conditions) : '_No recording conditions._',
    html: input.conditions.length ? table1Html(input.conditions) : '<p class="note">No recording conditions.</p>',
  });
  sections.push({
    title: 'Table 2: CCC per model, attribute and condition',
    markdown: table2Markdown(input.summary, { conditionOrder, alpha, lateEpochFraction }),
    html: table2Html(input.summary, { conditionOrder, alpha, lateEpochFraction }),
  });
  sections.push({
    title: 'Seed statistics and confidence intervals',
    markdown: summaryDetailMarkdown(input.summary),
    html: summaryDetailHtml(input.summary),
  });

  for (const group of figurePlans(input, conditionOrder)) {
    const rendered = await Promise.all(group.plans.map(async (plan) => ({ fileName: plan.fileName, caption: plan.caption, svg: await renderSvg(plan.spec) })));
    figures.push(...rendered);
    sections.push({
      title: group.section,
      markdown: group.note
        ? `_${group.note}_`
        : rendered.map((f) => `![${escapeMarkdownCell(f.caption)}](${figuresDir}/${f.fileName})\n\n${escapeMarkdownCell(f.caption)}`).join('\n\n'),
      html: group.note
        ? `<p class="note">${escapeHtml(group.note)}</p>`
        : rendered.map((f) => `<figure>\n${inlineSvg(f.svg)}\n<figcaption>${escapeHtml(f.caption)}</figcaption>\n</figure>`).join('\n'),
    });
  }

  if (input.embedding?.length) {
    const note =
      "Mean over the DLN seeds of each layer's reconstruction cost on the condition's test set (training-mode pass, the run's own noise), " +
      'with the decoder fed the reconstruction embedding (the DLN) or the emotion embedding instead. "Lateral connection cut": a layer\'s ' +
      "combinator with its weights on the corrupted input (of that layer) zeroed, so that only the decoder's top-down signal can reconstruct it.";
    sections.push({
      title: 'Figure 3b by decoder layer',
      markdown: `${embeddingLayersMarkdown(input.embedding, conditionOrder)}\n\n${escapeMarkdownCell(note)}`,
      html: `${embeddingLayersHtml(input.embedding, conditionOrder)}\n<p class="legend">${escapeHtml(note)}</p>`,
    });
  }

  const header = headerSections(input.header);
  const generated = input.header.generatedAt ? `Generated ${input.header.generatedAt}.` : '';
  const markdown = [`# ${escapeMarkdownCell(title)}`, generated, ...[...header, ...sections].map((s) => `## ${s.title}\n\n${s.markdown}`)]
    .filter(Boolean)
    .join('\n\n')
    .concat('\n');
  const html = htmlPage(title, [...header, ...sections], generated);
  return { markdown, html, figures };
}

/** A self-contained HTML page: the title, an optional note under it and one section per entry. */
export function htmlPage(title: string, sections: readonly { title: string; html: string }[], note = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    note ? `<p class="note">${escapeHtml(note)}</p>` : '',
    ...sections.map((s) => `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`),
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n')
    .concat('\n');
}
