/**
 * The HTML report rendered in a real headless Chromium (Debian's, through playwright-core): a page with
 * every chart type and hostile names loads from file:// with no console error, no page error and no
 * request but itself; every chart has a box on screen; the hostile strings are text, not markup. It is
 * loaded twice: as written, and with its CSP removed, so that escaping is shown to hold on its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  barChart,
  categoryBars,
  chartGrid,
  CONTENT_SECURITY_POLICY,
  figure,
  histogramOverlay,
  htmlTable,
  intervalChart,
  lineChart,
  matrixChart,
  renderHtmlPage,
  svg,
  type HtmlSection,
} from '../../src/core/report/html/index.js';
import { chromiumPath, launchChromium, loadPage } from '../helpers/chromium.js';

/** Would set window.__mlgatePwned (or load an image) if any of it became markup. */
const HOSTILE =
  `<script>window.__mlgatePwned=1</script><img src=x onerror="window.__mlgatePwned=2">` +
  `<svg onload="window.__mlgatePwned=3"></svg>"'&</title>Ωmega naïve 模型 😀`;

const CHART_KINDS = [
  'histogram-overlay',
  'category-bars',
  'bar-chart',
  'interval-chart',
  'line-chart',
  'matrix-chart',
] as const;

function sampleReport(): string {
  const roc = (power: number, n: number): [number, number][] =>
    Array.from({ length: n + 1 }, (_, i) => [i / n, (i / n) ** power]);
  const sections: HtmlSection[] = [
    {
      title: `Drift of ${HOSTILE}`,
      howToRead: `Reference deciles of ${HOSTILE}; bars are shares of rows.`,
      body: chartGrid([
        figure(
          histogramOverlay({
            edges: [1, 2, 3, 4, 5, 6, 7, 8, 9],
            series: [
              { name: 'reference', proportions: Array.from({ length: 10 }, () => 0.1) },
              { name: HOSTILE, proportions: [0.05, 0.1, 0.15, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05] },
            ],
            xLabel: HOSTILE,
            title: HOSTILE,
          }),
          HOSTILE,
        ),
        categoryBars({
          categories: ['a', HOSTILE, 'c', 'd', 'e', 'f'],
          series: [
            { name: 'reference', values: [0.4, 0.2, 0.1, 0.1, 0.1, 0.1] },
            { name: 'current', values: [0.3, 0.3, 0.1, 0.1, 0.1, 0.1] },
          ],
          topN: 4,
          xLabel: HOSTILE,
        }),
      ]),
    },
    {
      title: 'Drift scores',
      body: barChart({
        bars: [
          { label: 'age', value: 0.04 },
          { label: HOSTILE, value: 0.21, highlight: true },
          { label: 'income', value: null },
        ],
        threshold: 0.1,
        xLabel: 'normed Wasserstein',
        highlightLabel: 'drifted',
      }),
    },
    {
      title: 'Candidate − baseline',
      howToRead: svg`<p>Whiskers are 95% CIs; the grey band is the margin.</p>`,
      body: intervalChart({
        rows: [
          { label: 'roc_auc', value: 0.012, lo: -0.004, hi: 0.029, better: 'higher', status: 'inconclusive' },
          { label: HOSTILE, value: -0.03, lo: -0.05, hi: -0.012, better: 'higher', status: 'fail' },
          { label: 'log_loss', value: -0.02, lo: -0.03, hi: -0.01, better: 'lower', status: 'pass' },
        ],
        margin: 0.01,
      }),
    },
    {
      title: 'Curves and confusion matrices',
      body: chartGrid([
        lineChart({
          series: [
            { name: 'candidate', points: roc(0.3, 5000) },
            { name: HOSTILE, points: roc(0.5, 40) },
          ],
          x: { label: 'false positive rate', min: 0, max: 1 },
          y: { label: 'true positive rate', min: 0, max: 1 },
          diagonal: true,
          title: 'ROC',
        }),
        matrixChart({
          labels: ['setosa', 'versicolor', HOSTILE],
          counts: [
            [50, 0, 0],
            [0, 47, 3],
            [0, 2, 48],
          ],
          title: HOSTILE,
        }),
      ]),
    },
    {
      title: 'Metrics',
      body: htmlTable({
        columns: ['metric', 'candidate', 'baseline'],
        rows: [
          ['roc_auc', 0.9123, 0.9001],
          [HOSTILE, 12345, null],
        ],
      }),
    },
  ];
  return renderHtmlPage({
    title: `Report ${HOSTILE}`,
    subtitle: HOSTILE,
    sections,
    generatedAt: new Date(Date.UTC(2025, 0, 2)),
    footer: HOSTILE,
    data: { model: HOSTILE },
  });
}

/**
 * The globals the page-side callbacks use. They run in Chromium, and the project's tsconfig has no DOM
 * lib (adding one would change every file's globals), so they are typed loosely here.
 */
interface PageGlobals {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the DOM, typed by the browser
  document: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getComputedStyle(element: unknown): any;
  __mlgatePwned?: number;
}

interface Load {
  page: Page;
  requests: string[];
  problems: string[];
}

describe('the HTML report in headless Chromium', () => {
  // Launched by the first test that needs it rather than in beforeAll: a failed beforeAll marks the
  // tests skipped, and a missing browser must fail every one of them with its message.
  let browser: Promise<Browser> | undefined;
  const getBrowser = () => (browser ??= launchChromium());
  let dir: string;
  let fileUrl: string;
  let strippedUrl: string;
  let report: string;

  beforeAll(() => {
    report = sampleReport();
    dir = mkdtempSync(join(tmpdir(), 'mlgate-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, report);
    fileUrl = pathToFileURL(file).href;
    const stripped = join(dir, 'report-without-csp.html');
    writeFileSync(stripped, report.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    strippedUrl = pathToFileURL(stripped).href;
  });

  afterAll(async () => {
    await browser?.then((b) => b.close()).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const load = async (url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Load> =>
    loadPage(await getBrowser(), url, { colorScheme });

  /** What would show that a hostile string became markup. */
  function injectionTraces(page: Page) {
    return page.evaluate(() => {
      const { document, __mlgatePwned } = globalThis as unknown as PageGlobals;
      return {
        flag: __mlgatePwned ?? null,
        scripts: [...document.querySelectorAll('script')].map((s: { type: string }) => s.type),
        images: document.querySelectorAll('img').length,
        handlers: [...document.querySelectorAll('*')].flatMap(
          (e: { tagName: string; attributes: Iterable<{ name: string }> }) =>
            [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName}[${a.name}]`),
        ),
        title: document.title,
      };
    });
  }

  it('loads with no console error, no page error and no request but the file', async () => {
    const { page, requests, problems } = await load(fileUrl);
    expect(problems).toEqual([]);
    expect(requests).toEqual([fileUrl]);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    await page.close();
  });

  it('draws every chart with a non-empty box and drawn series', async () => {
    const { page } = await load(fileUrl);
    const charts = await page.$$eval('[data-chart]', (els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        const series = [...el.querySelectorAll('[data-series]')];
        return {
          kind: el.getAttribute('data-chart'),
          width: box.width,
          height: box.height,
          name: el.getAttribute('aria-label'),
          series: series.map((s) => s.getAttribute('data-series')),
          shapes: series.map(
            (s) =>
              [...s.querySelectorAll('rect, path, circle, line')].filter((g) => {
                const b = g.getBoundingClientRect();
                return b.width > 0 || b.height > 0;
              }).length,
          ),
        };
      }),
    );
    expect(charts.map((c) => c.kind).sort()).toEqual([...CHART_KINDS].sort());
    for (const c of charts) {
      expect(c.width, c.kind ?? '').toBeGreaterThan(100);
      expect(c.height, c.kind ?? '').toBeGreaterThan(100);
      expect(c.name, c.kind ?? '').toBeTruthy();
      expect(c.shapes.length, c.kind ?? '').toBeGreaterThan(0);
      for (const n of c.shapes) expect(n, `${c.kind}: a series draws shapes`).toBeGreaterThan(0);
    }
    // Hostile series names arrive intact as attribute values.
    expect(charts.find((c) => c.kind === 'histogram-overlay')?.series).toEqual(['reference', HOSTILE]);
    expect(charts.find((c) => c.kind === 'line-chart')?.series).toEqual(['candidate', HOSTILE]);
    await page.close();
  });

  it('shows the hostile strings as text and runs none of them', async () => {
    const { page, requests, problems } = await load(fileUrl);
    const traces = await injectionTraces(page);
    expect(traces).toEqual({
      flag: null,
      scripts: ['application/json'],
      images: 0,
      handlers: [],
      title: `Report ${HOSTILE}`,
    });
    expect(await page.textContent('h1')).toBe(`Report ${HOSTILE}`);
    expect(await page.textContent('footer')).toContain(HOSTILE);
    expect(await page.textContent('[data-chart="matrix-chart"] title')).toContain(HOSTILE);
    const data = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      return JSON.parse(document.getElementById('mlgate-data')?.textContent ?? '');
    });
    expect(data).toEqual({ model: HOSTILE });
    expect(requests).toEqual([fileUrl]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stays inert with its CSP removed: escaping holds on its own', async () => {
    const { page, requests, problems } = await load(strippedUrl);
    const traces = await injectionTraces(page);
    expect(traces.flag).toBeNull();
    expect(traces.scripts).toEqual(['application/json']);
    expect(traces.images).toBe(0);
    expect(traces.handlers).toEqual([]);
    expect(requests).toEqual([strippedUrl]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads in dark mode, right-aligns numeric cells and prints the collapsed explanations', async () => {
    const light = await load(fileUrl, 'light');
    const dark = await load(fileUrl, 'dark');
    const look = (page: Page) =>
      page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
        const style = (sel: string) => getComputedStyle(document.querySelector(sel));
        return {
          background: style('body').backgroundColor,
          text: style('body').color,
          firstSeries: style('[data-chart="histogram-overlay"] [data-series] rect').fill,
          chartText: style('[data-chart="bar-chart"] text').fill,
          numeric: style('td.num').textAlign,
          text0: style('td:not(.num)').textAlign,
        };
      });
    expect(await look(light.page)).toEqual({
      background: 'rgb(255, 255, 255)',
      text: 'rgb(31, 35, 40)',
      firstSeries: 'rgb(0, 114, 178)',
      chartText: 'rgb(31, 35, 40)',
      numeric: 'right',
      text0: 'left',
    });
    expect(await look(dark.page)).toEqual({
      background: 'rgb(13, 17, 23)',
      text: 'rgb(230, 237, 243)',
      firstSeries: 'rgb(86, 180, 233)',
      chartText: 'rgb(230, 237, 243)',
      numeric: 'right',
      text0: 'left',
    });
    expect(dark.problems).toEqual([]);
    const explanation = 'details.how p';
    expect(await light.page.isVisible(explanation)).toBe(false);
    await light.page.emulateMedia({ media: 'print' });
    expect(await light.page.isVisible(explanation)).toBe(true);
    await light.page.close();
    await dark.page.close();
  });
});

describe('finding Chromium', () => {
  it('fails with the install command when the browser is missing, rather than skipping', () => {
    expect(() => chromiumPath({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(
      /No Chromium at \/nonexistent\/chromium \(CHROMIUM_PATH\): install Debian's chromium \(sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium\)/,
    );
  });
});
