/**
 * comparison.html for each hand-built comparison.json fixture (test/fixtures/compare-report), rendered
 * with renderComparisonHtml and loaded from file:// in Debian's headless Chromium. Each page loads with
 * no console or page error and no request but itself; every chart's <svg> is on screen with its series
 * drawn and its data table beside it; the confusion matrices sit side by side; hostile names are text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ComparisonResult } from '../../src/core/compare/result.js';
import { renderComparisonHtml } from '../../src/core/report/comparison-html.js';
import { launchChromium, loadPage } from '../helpers/chromium.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/compare-report');

const RUNS = {
  'binary-paired-fail': [
    'interval-chart',
    'line-chart',
    'line-chart',
    'line-chart',
    'matrix-chart',
    'matrix-chart',
  ],
  'multiclass-paired-pass': ['interval-chart', 'line-chart', 'matrix-chart', 'matrix-chart'],
  'regression-inconclusive': ['interval-chart', 'interval-chart', 'interval-chart', 'histogram-overlay'],
  'bootstrap-no-baseline': [],
  'unpaired-stored-results': ['interval-chart'],
  'shadow-unlabelled': [],
  'hostile-names': ['interval-chart', 'line-chart', 'matrix-chart', 'matrix-chart'],
} as const;
type RunName = keyof typeof RUNS;
const NAMES = Object.keys(RUNS) as RunName[];

/** The DOM as the page-side callbacks see it (the project's tsconfig has no DOM lib). */
interface PageGlobals {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the DOM, typed by the browser
  document: any;
  __mlgatePwned?: number;
}

interface Report {
  result: ComparisonResult;
  url: string;
  bytes: number;
}

describe('comparison.html in headless Chromium', () => {
  // Launched by the first test rather than in beforeAll, so that a missing browser fails each test.
  let browser: Promise<Browser> | undefined;
  const getBrowser = () => (browser ??= launchChromium());
  let dir: string;
  const reports = {} as Record<RunName, Report>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-comparison-html-'));
    for (const name of NAMES) {
      const result = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as ComparisonResult;
      const page = renderComparisonHtml(result);
      const file = join(dir, `${name}.html`);
      writeFileSync(file, page);
      reports[name] = { result, url: pathToFileURL(file).href, bytes: Buffer.byteLength(page) };
    }
  });

  afterAll(async () => {
    await browser?.then((b) => b.close()).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const load = async (url: string) => loadPage(await getBrowser(), url);

  it.each(NAMES)(
    '%s: loads with no error and no request, and draws every chart with its series',
    async (name) => {
      const { url, bytes } = reports[name];
      expect(bytes).toBeLessThan(1024 * 1024);
      const { page, requests, problems } = await load(url);
      const charts = await page.$$eval('svg[data-chart]', (els) =>
        els.map((el) => {
          const box = el.getBoundingClientRect();
          const series = [...el.querySelectorAll('[data-series]')].map((g) => ({
            name: g.getAttribute('data-series'),
            marks: g.querySelectorAll('path, rect, circle, line').length,
          }));
          const figure = el.closest('figure');
          const data = figure?.nextElementSibling;
          return {
            kind: el.getAttribute('data-chart'),
            width: box.width,
            height: box.height,
            series,
            caption: figure?.querySelector('figcaption')?.textContent?.trim() ?? '',
            dataRows: data?.matches('details.chart-data') ? data.querySelectorAll('tbody tr').length : 0,
          };
        }),
      );
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      expect(charts.map((c) => c.kind)).toEqual(RUNS[name]);
      for (const [i, c] of charts.entries()) {
        const what = `${name} chart ${i + 1} (${c.kind})`;
        expect(c.width, what).toBeGreaterThan(100);
        expect(c.height, what).toBeGreaterThan(50);
        expect(c.series.length, what).toBeGreaterThan(0);
        for (const s of c.series) expect(s.marks, `${what}: series ${s.name}`).toBeGreaterThan(0);
        if (c.kind === 'line-chart' || c.kind === 'histogram-overlay') {
          expect(c.series.map((s) => s.name)).toEqual(['candidate', 'baseline']);
        }
        expect(c.caption.length, what).toBeGreaterThan(10);
        expect(c.dataRows, `${what}: its data table`).toBeGreaterThan(0);
      }
      const verdict = (await page.textContent('#verdict .verdict')) ?? '';
      expect(verdict).toMatch(new RegExp(`^\\s*[✔✘?]\\u00a0${reports[name].result.verdict}`));
      await page.close();
    },
  );

  it('puts both confusion matrices side by side, and the ROC and PR charts too', async () => {
    for (const name of ['binary-paired-fail', 'multiclass-paired-pass', 'hostile-names'] as const) {
      const { page, problems } = await load(reports[name].url);
      const boxes = await page.$$eval('#confusion svg[data-chart="matrix-chart"]', (els) =>
        els.map((el) => {
          const b = el.getBoundingClientRect();
          return { left: b.left, right: b.right, top: b.top };
        }),
      );
      expect(problems).toEqual([]);
      expect(boxes, name).toHaveLength(2);
      expect(boxes[1].left, name).toBeGreaterThanOrEqual(boxes[0].right);
      expect(Math.abs(boxes[1].top - boxes[0].top), name).toBeLessThan(5);
      await page.close();
    }
    const { page } = await load(reports['binary-paired-fail'].url);
    const curves = await page.$$eval('#curves svg[data-chart="line-chart"]', (els) =>
      els.map((el) => {
        const b = el.getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top };
      }),
    );
    expect(curves).toHaveLength(3);
    expect(curves[1].left).toBeGreaterThanOrEqual(curves[0].right);
    expect(Math.abs(curves[1].top - curves[0].top)).toBeLessThan(5);
    await page.close();
  });

  it('shows hostile model, metric, class and column names as text and runs none of them', async () => {
    const { result, url } = reports['hostile-names'];
    const { page, problems } = await load(url);
    const seen = await page.evaluate(() => {
      const { document, __mlgatePwned } = globalThis as unknown as PageGlobals;
      const texts = (selector: string) =>
        [...document.querySelectorAll(selector)].map((e: { textContent: string }) => e.textContent);
      return {
        flag: __mlgatePwned ?? null,
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img').length,
        bold: document.querySelectorAll('main b').length,
        handlers: [...document.querySelectorAll('*')].flatMap(
          (e: { tagName: string; attributes: Iterable<{ name: string }> }) =>
            [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName}[${a.name}]`),
        ),
        h1: document.querySelector('h1').textContent,
        title: document.title,
        metricCodes: texts('#metrics tbody td:first-child code'),
        matrixTitles: texts('#confusion svg .mg-matrix-labels text title'),
        countHeaders: texts(
          '#confusion details.chart-data tbody th, #confusion details.chart-data tbody strong',
        ),
        disagreements: texts('#shadow tbody code'),
        intervalTitles: texts('#deltas svg .mg-row > text > title'),
      };
    });
    expect(problems).toEqual([]);
    expect(seen.flag).toBeNull();
    expect(seen.scripts).toBe(0);
    expect(seen.images).toBe(0);
    expect(seen.bold).toBe(0);
    expect(seen.handlers).toEqual([]);
    expect(seen.h1).toBe(`mlgate compare — ${result.candidate.path}`);
    // <title> text collapses whitespace in document.title.
    expect(seen.title).toBe(`mlgate compare — ${result.candidate.path}`.replace(/\s+/g, ' ').trim());
    const others = Object.keys(result.metrics).filter((m) => m !== result.primary_metric);
    expect(seen.metricCodes).toEqual([result.primary_metric, ...others]);
    const labels = result.charts.confusion!.labels;
    expect(seen.matrixTitles).toEqual([...labels, ...labels, ...labels, ...labels]);
    expect(seen.countHeaders).toEqual([...labels, ...labels]);
    expect(seen.disagreements).toEqual(
      result.shadow!.top_disagreements.flatMap((d) => [String(d.candidate), String(d.baseline)]),
    );
    expect(seen.intervalTitles).toContain(result.primary_metric);
    await page.close();
  });
});
