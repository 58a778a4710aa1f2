import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  embeddingLayersHtml,
  embeddingLayersMarkdown,
  summaryDetailHtml,
  summaryDetailMarkdown,
  table1Html,
  table1Markdown,
  table2Html,
  table2Layout,
  table2Markdown,
} from '../../report/tables.js';
import type { Attribute, ModelName, SummaryRow } from '../../report/types.js';
import { PAPER_CONDITIONS, syntheticEmbedding } from './fixtures.js';
import { xmlProblems } from './xmlWellFormed.js';

function cell(model: ModelName, attribute: Attribute, condition: string, mean: number, marks: Partial<SummaryRow> = {}): SummaryRow {
  return {
    model,
    attribute,
    condition,
    nSeeds: 5,
    mean,
    sd: 0.01,
    ciLow: NaN,
    ciHigh: NaN,
    beatsDense: false,
    beatsLn: false,
    beatsDenseBySpeakers: false,
    beatsLnBySpeakers: false,
    beatsBase: false,
    beatsBaseBySpeakers: false,
    nUnconverged: 0,
    ...marks,
  };
}

/**
 * Columns: arousal clean, arousal 10dB, valence clean (conditions given out of order on purpose).
 * Expected: arousal clean: Dense bold, no marks. Arousal 10dB: DLN bold †*‡ (better than Dense by the
 * speaker bootstrap too, not than LN), LN †, DLN ⚠ (2 of 5 runs).
 * Valence clean: Dense 0.2964 and LN 0.2961 both show 0.296, so both bold; DLN absent.
 */
const SUMMARY: SummaryRow[] = [
  cell('dln', 'arousal', '10dB', 0.488, {
    beatsDense: true,
    beatsLn: true,
    beatsDenseBySpeakers: true,
    nUnconverged: 2,
    pVsDense: 1e-5,
    pVsLn: 0.012,
    pSpeakersVsDense: 0.004,
    pSpeakersVsLn: 0.31,
  }),
  cell('dense', 'arousal', '10dB', 0.248),
  cell('ln', 'arousal', '10dB', 0.438, { beatsDense: true, pVsDense: 0.0004 }),
  cell('dense', 'arousal', 'clean', 0.631, { ciLow: 0.6, ciHigh: 0.66 }),
  cell('ln', 'arousal', 'clean', 0.627),
  cell('dln', 'arousal', 'clean', 0.625),
  cell('dense', 'valence', 'clean', 0.2964),
  cell('ln', 'valence', 'clean', 0.2961),
];

test('Table 2 layout: column order, bold per column (ties at shown precision), marks, missing cells', () => {
  const layout = table2Layout(SUMMARY);
  assert.deepEqual(layout.columns, [
    { attribute: 'arousal', condition: 'clean' },
    { attribute: 'arousal', condition: '10dB' },
    { attribute: 'valence', condition: 'clean' },
  ]);
  assert.deepEqual(
    layout.rows.map((r) => r.model),
    ['dense', 'ln', 'dln'],
  );
  const marks = layout.rows.map((r) =>
    r.cells.map((c) => (c ? `${c.bold ? 'B' : ''}${c.dagger ? '†' : ''}${c.star ? '*' : ''}${c.doubleDagger ? '‡' : ''}${c.section ? '§' : ''}${c.warning ? '!' : ''}` : 'none')),
  );
  assert.deepEqual(marks, [
    ['B', '', 'B'],
    ['', '†', 'B'],
    ['', 'B†*‡!', 'none'],
  ]);
  // With four decimals the tie is broken.
  const fine = table2Layout(SUMMARY, { decimals: 4 });
  assert.deepEqual(
    fine.rows.map((r) => r.cells[2]?.bold),
    [true, false, undefined],
  );
  // An explicit order restricts and orders the columns.
  assert.deepEqual(table2Layout(SUMMARY, { conditionOrder: ['10dB'] }).columns, [{ attribute: 'arousal', condition: '10dB' }]);
});

test('Table 2 Markdown: bold, † and escaped * next to the value, ⚠, en dash for missing', () => {
  const md = table2Markdown(SUMMARY);
  const lines = md.split('\n');
  assert.equal(lines[0], '| Model | Arousal clean | Arousal 10dB | Valence clean |');
  assert.equal(lines[1], '| --- | ---: | ---: | ---: |');
  assert.equal(lines[2], '| Dense | **0.631** | 0.248 | **0.296** |');
  assert.equal(lines[3], '| LN | 0.627 | 0.438† | **0.296** |');
  assert.equal(lines[4], '| DLN | 0.625 | **0.488**†\\*‡ ⚠ | – |');
  assert.match(md, /p ≤ 0\.05/);
  // The legend says which test each mark stands for.
  assert.match(md, /† significantly better than Dense, \\\* significantly better than LN \(two-tailed Welch's t-test over seeds/);
  assert.match(md, /‡ significantly better than Dense, § significantly better than LN by a paired speaker-bootstrap test/);
  assert.match(table2Markdown(SUMMARY, { alpha: 0.01, lateEpochFraction: 0.1 }), /p ≤ 0\.01.*last 10%/);
});

test('Table 2 HTML: grouped header, strong, sup marks, warning with a tooltip; well-formed', () => {
  const html = table2Html(SUMMARY);
  assert.deepEqual(xmlProblems(`<div>${html}</div>`), []);
  assert.match(html, /<th colspan="2">Arousal<\/th><th colspan="1">Valence<\/th>/);
  assert.match(
    html,
    /<th scope="row">DLN<\/th><td>0\.625<\/td><td><strong>0\.488<\/strong><sup>†\*‡<\/sup> <span class="warn" title="2 of 5 runs[^"]*">⚠<\/span><\/td><td class="missing">–<\/td>/,
  );
  assert.match(html, /<th scope="row">LN<\/th><td>0\.627<\/td><td>0\.438<sup>†<\/sup><\/td><td><strong>0\.296<\/strong><\/td>/);
  assert.equal((html.match(/<strong>/g) ?? []).length, 4);
  assert.equal((html.match(/⚠/g) ?? []).length, 2, 'one cell plus the legend');
});

test('Table 1 in both formats', () => {
  const md = table1Markdown(PAPER_CONDITIONS);
  assert.equal(md.split('\n')[2], '| 10dB | 5 | 35 | 11.06 |');
  assert.equal(md.split('\n')[4], '| 0dB | 15 | 25 | 0.15 |');
  const html = table1Html(PAPER_CONDITIONS);
  assert.deepEqual(xmlProblems(html), []);
  assert.match(html, /<tr><th scope="row">5dB<\/th><td>10<\/td><td>30<\/td><td>4\.34<\/td><\/tr>/);
});

test('condition names are escaped in both formats', () => {
  const odd = [{ name: 'a|b<c>&', speechDistanceIn: 1, noiseDistanceIn: 2, estimatedSnrDb: 3 }];
  assert.match(table1Markdown(odd), /\| a\\\|b\\<c\\>& \|/);
  const html = table1Html(odd);
  assert.match(html, /a\|b&lt;c&gt;&amp;/);
  assert.deepEqual(xmlProblems(html), []);
});

test('detail table lists sd, bootstrap interval and p-values', () => {
  const md = summaryDetailMarkdown(SUMMARY);
  assert.match(md, /\| DLN \| Arousal \| 10dB \| 5 \| 0\.488 \| 0\.010 \| – \| \\<0\.001 \| 0\.004 \| 0\.012 \| 0\.310 \| – \| – \| 2 \|/);
  assert.match(md, /\| Dense \| Arousal \| clean \| 5 \| 0\.631 \| 0\.010 \| \\\[0\.600, 0\.660\\\] \| – \| – \| – \| – \| – \| – \| 0 \|/);
  const html = summaryDetailHtml(SUMMARY);
  assert.deepEqual(xmlProblems(html), []);
  assert.equal((html.match(/<tr>/g) ?? []).length, SUMMARY.length + 1);
});

test('Figure 3b by decoder layer: every layer under both routings, the cut-lateral rows only where analysed', () => {
  const rows = syntheticEmbedding().filter((r) => r.condition === '10dB');
  const md = embeddingLayersMarkdown(rows, ['clean', '10dB']);
  const lines = md.split('\n').slice(2);
  // Arousal has no ablation (NaN): 3 layers; valence and dominance 5 rows each.
  assert.equal(lines.length, 3 + 5 + 5);
  assert.equal(lines[0], '| Arousal | 10dB | hidden 2, reconstruction half | 0.20000 | 0.70000 | 0.50000 |');
  assert.equal(lines[2], '| Arousal | 10dB | input | 0.31000 | 0.92000 | 0.61000 |');
  assert.equal(lines[6], '| Valence | 10dB | input, its lateral connection cut | 0.90000 | 1.30000 | 0.40000 |');
  assert.equal(lines[7], '| Valence | 10dB | input, every lateral connection cut | 1.10000 | 1.50000 | 0.40000 |');
  assert.deepEqual(xmlProblems(embeddingLayersHtml(rows)), []);
});

test('Table 2 marks a multi-condition model better than its base with ° (Welch) and ¶ (speakers); the detail table gives both p', () => {
  const rows = [
    cell('dln', 'arousal', '10dB', 0.488),
    cell('dln_mct', 'arousal', '10dB', 0.6, { beatsBase: true, beatsBaseBySpeakers: true, pVsBase: 0.003, pSpeakersVsBase: 0.02 }),
  ];
  const md = table2Markdown(rows);
  assert.match(md, /\| DLN\+MCT \| \*\*0\.600\*\*°¶ \|/);
  assert.match(md, /\| DLN \| 0\.488 \|/);
  assert.match(md, /° \(Welch\) and ¶ \(speakers\)/);
  assert.match(summaryDetailMarkdown(rows), /\| DLN\+MCT \| Arousal \| 10dB \| 5 \| 0\.600 \| 0\.010 \| – \| – \| – \| – \| – \| 0\.003 \| 0\.020 \| 0 \|/);
  assert.match(table2Html(rows), /0\.600.*°¶/);
});
