import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../report/renderReport.js';
import { sampleReportInput, SAMPLE_HEADER } from './fixtures.js';
import { xmlProblems } from './xmlWellFormed.js';

/** Anything a browser would fetch: src/href/xlink:href/action to a URL or file, CSS url()/@import, <link>, <base>. */
function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\s(?:src|href|xlink:href|action|poster|srcset|data)\s*=\s*["']?([^"'\s>]+)/gi)) {
    if (!m[1].startsWith('#') && !m[1].startsWith('data:')) found.push(m[0].trim());
  }
  for (const m of html.matchAll(/url\(\s*["']?(?!#|data:)[^)]*\)|@import|<link\b|<base\b|<script\b|<iframe\b|<object\b|<embed\b/gi)) found.push(m[0]);
  return found;
}

test('the HTML report is self-contained and well formed, with every figure inline', async () => {
  const report = await renderReport(sampleReportInput());
  assert.deepEqual(externalReferences(report.html), []);
  assert.ok(report.html.startsWith('<!DOCTYPE html>'));
  // Well formed as XML once the doctype and the HTML void element <meta> are accounted for.
  const asXml = report.html.replace('<!DOCTYPE html>', '').replace(/<meta([^>]*[^/])>/g, '<meta$1/>');
  assert.deepEqual(xmlProblems(asXml), []);
  assert.deepEqual(
    report.figures.map((f) => f.fileName),
    ['figure3a.svg', 'figure3b.svg', 'ccc-vs-snr.svg', 'training-dev-ccc.svg', 'training-losses.svg'],
  );
  assert.equal((report.html.match(/<svg\b/g) ?? []).length, report.figures.length);
  for (const figure of report.figures) assert.ok(report.html.includes(figure.svg), `${figure.fileName} not inlined`);
  const ids = [...report.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids across inlined SVGs');
  assert.match(report.html, /<style>[^<]*border-collapse[^<]*<\/style>/);
});

test('the header shows config, corpus sizes, stage timings and software versions, escaped', async () => {
  const { html, markdown } = await renderReport(sampleReportInput());
  assert.match(html, /<title>Test run &lt;default&gt;<\/title>/);
  assert.match(html, /<tr><th scope="row">test-10dB<\/th><td>300<\/td><td>10<\/td><\/tr>/);
  assert.match(html, /<tr><th scope="row">features<\/th><td>81\.3<\/td><td>done<\/td><\/tr>/);
  assert.match(html, /<tr><th scope="row">onnxruntime-node<\/th><td>1\.30\.0<\/td><\/tr>/);
  assert.match(html, /&quot;epochs&quot;: 20/);
  assert.match(html, /a `tick` and &lt;\/pre&gt;/);
  assert.match(markdown, /^# Test run \\<default\\>$/m);
  assert.match(markdown, /\| test-clean \| 300 \| 10 \|/);
  assert.match(markdown, /```json\n\{\n {2}"run": "runs\/test",/);
  assert.match(markdown, /Generated 2026-01-01T00:00:00Z\./);
  const config = markdown.match(/```json\n([\s\S]*?)\n```/)![1];
  assert.deepEqual(JSON.parse(config), SAMPLE_HEADER.config);
});

test('report.md has both tables with their marks and references each figure file', async () => {
  const { markdown, figures } = await renderReport(sampleReportInput(), { figuresDir: 'fig' });
  assert.match(markdown, /## Table 1: recording conditions\n\n\| Recording condition /);
  assert.match(markdown, /\| 5dB \| 10 \| 30 \| 4\.34 \|/);
  const table2Header = markdown.split('\n').find((l) => l.startsWith('| Model | Arousal clean'))!;
  assert.equal(table2Header.split('|').length - 2, 1 + 3 * 4);
  // Around the paper's means DLN is best on arousal 10dB, beats Dense and LN; DLN+he arousal 0dB has a run flagged.
  const dlnRow = markdown.split('\n').find((l) => l.startsWith('| DLN |'))!;
  assert.match(dlnRow.split('|')[3], /\*\*0\.4\d\d\*\*†\\\*/);
  assert.match(
    markdown.split('\n').find((l) => l.startsWith('| DLN+he |'))!,
    /⚠/,
  );
  for (const f of figures) assert.ok(markdown.includes(`](fig/${f.fileName})`), f.fileName);
  assert.match(markdown, /\| DLN \| Arousal \| 10dB \| 5 \| [\d.]+ \| [\d.]+ \| \\\[0\.450, 0\.520\\\] \|/);
});

test('a run without history, embedding analysis or noisy conditions still renders, with notes', async () => {
  const input = sampleReportInput();
  const report = await renderReport({ ...input, history: undefined, embedding: [], conditions: [], summary: input.summary.filter((s) => s.condition === 'clean') });
  assert.deepEqual(report.figures, []);
  assert.equal((report.html.match(/<svg\b/g) ?? []).length, 0);
  assert.match(report.html, /No embedding analysis in this run/);
  assert.match(report.html, /No training history in this run/);
  assert.match(report.markdown, /_No recording conditions\._/);
  assert.match(report.markdown, /\| Model \| Arousal clean \| Valence clean \| Dominance clean \|/);
});
