import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReport } from '../../report/renderReport.js';
import { sampleReportInput } from './fixtures.js';

/**
 * The page-side callback below runs in Chromium; these minimal declarations type its DOM use without
 * adding the DOM lib to the whole project.
 */
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { width: number; height: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
}
declare const document: PageElement;
declare const DOMParser: new () => { parseFromString(text: string, type: string): PageElement };

const CHROMIUM = '/usr/bin/chromium';
const SKIP_NO_CHROMIUM = existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM} (Debian: apt-get install chromium): skipping the headless-browser check of report.html`;

test('report.html renders offline in headless Chromium: tables, inline SVG figures, no errors, no requests', { skip: SKIP_NO_CHROMIUM, timeout: 60_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const report = await renderReport(sampleReportInput());
  const dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const file = join(dir, 'report.html');
    writeFileSync(file, report.html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const url = pathToFileURL(file).href;
    page.on('request', (request) => {
      if (request.url() !== url) problems.push(`request: ${request.url()}`);
    });
    await page.goto(url, { waitUntil: 'load' });

    // No named inner functions here: tsx would wrap them in a helper (__name) that the page lacks.
    const seen = await page.evaluate(
      (standaloneSvgs) => {
        const parser = new DOMParser();
        return {
          svgSizes: [...document.querySelectorAll('figure > svg')].map((s) => [s.getBoundingClientRect().width, s.getBoundingClientRect().height]),
          bars: [...document.querySelectorAll('figure > svg')].map((s) => s.querySelectorAll('[aria-roledescription="bar"]').length),
          standaloneParseErrors: standaloneSvgs.filter((svg) => parser.parseFromString(svg, 'image/svg+xml').querySelector('parsererror') !== null).length,
          table1Rows: document.querySelectorAll('table.table1 tbody tr').length,
          table2Rows: [...document.querySelectorAll('table.table2 tbody tr')].map((tr) => tr.querySelector('th')?.textContent),
          table2Columns: document.querySelectorAll('table.table2 thead tr:nth-child(2) th').length,
          table2Bold: document.querySelectorAll('table.table2 strong').length,
          table2Width: document.querySelector('table.table2')!.getBoundingClientRect().width,
          warnings: [...document.querySelectorAll('table.table2 .warn')].map((w) => w.getAttribute('title')),
          headings: [...document.querySelectorAll('h2')].map((h) => h.textContent),
        };
      },
      report.figures.map((f) => f.svg),
    );

    assert.deepEqual(problems, []);
    assert.equal(seen.svgSizes.length, report.figures.length);
    for (const [width, height] of seen.svgSizes) assert.ok(width > 100 && height > 100, `svg drawn at ${width}×${height}`);
    assert.deepEqual(seen.bars, [24, 24, 0, 0, 0]);
    assert.equal(seen.standaloneParseErrors, 0);
    assert.equal(seen.table1Rows, 3);
    assert.deepEqual(seen.table2Rows, ['Dense', 'Dense+AdaBN', 'LN', 'DLN', 'DLN+he']);
    assert.equal(seen.table2Columns, 12);
    assert.ok(seen.table2Bold >= 12, 'at least one bold cell per column');
    assert.ok(seen.table2Width > 300);
    assert.equal(seen.warnings.length, 1);
    assert.match(seen.warnings[0] ?? '', /^1 of 5 runs/);
    assert.ok(seen.headings.includes('Table 2: CCC per model, attribute and condition'));
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
