/**
 * drift.html from real `mlgate drift` runs (the committed dist/cli.js), rendered with renderDriftHtml and
 * loaded from file:// in Debian's headless Chromium: the penguins example against its new batch, a
 * generated pair whose column and category names are markup, and a model run (prediction drift). Each
 * page loads with no console or page error and no request but itself, every column has its chart with
 * a box on screen and its facts beside it, and the hostile names are text.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DriftResult } from '../../src/core/drift/result.js';
import { renderDriftHtml } from '../../src/core/report/drift-html.js';
import { launchChromium, loadPage } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/run-action.js';
import { writeShiftedBreastCancer } from '../helpers/breast-cancer-drift.js';

const cli = join(repoRoot, 'dist/cli.js');

/** Would set window.__mlgatePwned or load an image if it became markup. */
const HOSTILE =
  `<script>window.__mlgatePwned=1</script><img src=x onerror="window.__mlgatePwned=2">` +
  `"'&</title>Ωmega naïve`;
const HOSTILE_CATEGORY = `<b onmouseover="window.__mlgatePwned=3">cat</b>"'&`;
const NEW_CATEGORY = '<i>new</i>';

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A seeded pair: HOSTILE shifted by 0.6, a categorical column with a hostile and a new category. */
function hostilePair(dir: string): void {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const side = (n: number, shift: number, categories: string[]) => {
    const rows = [[csvCell(HOSTILE), 'group', 'constant', 'empty', 'plain'].join(',')];
    for (let i = 0; i < n; i++) {
      const x = random() + random() + random() + shift;
      const g = categories[Math.floor(random() * categories.length)];
      rows.push([x.toFixed(4), csvCell(g), '7', '', (random() * 10).toFixed(3)].join(','));
    }
    return `${rows.join('\n')}\n`;
  };
  writeFileSync(join(dir, 'reference.csv'), side(300, 0, ['a', 'b', HOSTILE_CATEGORY]));
  writeFileSync(join(dir, 'current.csv'), side(200, 0.6, ['a', 'b', HOSTILE_CATEGORY, NEW_CATEGORY]));
}

/** Runs `mlgate drift` (exit 0 or 1: drift or not) and returns its drift.json. */
function drift(cwd: string, args: string[]): DriftResult {
  const out = join(cwd, 'out');
  const r = spawnSync(process.execPath, [cli, 'drift', ...args, '--out', out, '--quiet'], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`mlgate drift exited ${r.status}: ${r.stderr}`);
  }
  return JSON.parse(readFileSync(join(out, 'drift.json'), 'utf8')) as DriftResult;
}

/** The DOM as the page-side callbacks see it (the project's tsconfig has no DOM lib). */
interface PageGlobals {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the DOM, typed by the browser
  document: any;
  __mlgatePwned?: number;
}

interface Report {
  result: DriftResult;
  url: string;
  bytes: number;
}

const RUNS = ['penguins', 'hostile names', 'model outputs'] as const;
type RunName = (typeof RUNS)[number];

describe('drift.html from real runs in headless Chromium', () => {
  // Launched by the first test rather than in beforeAll, so that a missing browser fails each test.
  let browser: Promise<Browser> | undefined;
  const getBrowser = () => (browser ??= launchChromium());
  let dir: string;
  const reports = {} as Record<RunName, Report>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-html-'));
    const run = (name: RunName, make: (cwd: string) => string[]) => {
      const cwd = join(dir, name.replace(/ /g, '-'));
      mkdirSync(cwd);
      const result = drift(cwd, make(cwd));
      const page = renderDriftHtml(result);
      const file = join(cwd, 'drift.html');
      writeFileSync(file, page);
      reports[name] = { result, url: pathToFileURL(file).href, bytes: Buffer.byteLength(page) };
    };
    run('penguins', () => [
      '--reference',
      join(repoRoot, 'examples/penguins/penguins.csv'),
      '--current',
      join(repoRoot, 'examples/penguins/penguins-new-batch.csv'),
    ]);
    run('hostile names', (cwd) => {
      hostilePair(cwd);
      return ['--reference', 'reference.csv', '--current', 'current.csv'];
    });
    run('model outputs', (cwd) => {
      writeShiftedBreastCancer(cwd);
      return [
        ...['--reference', 'reference.csv', '--current', 'current.csv'],
        ...['--model', join(repoRoot, 'test/fixtures/models/binary-logreg.onnx')],
        ...['--task', 'binary', '--label', 'target'],
      ];
    });
  });

  afterAll(async () => {
    await browser?.then((b) => b.close()).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const load = async (url: string) => loadPage(await getBrowser(), url);

  it.each(RUNS)(
    '%s: loads with no error and no request, and draws every column with its facts beside it',
    async (name) => {
      const { result, url, bytes } = reports[name];
      expect(bytes).toBeLessThan(1024 * 1024);
      const { page, requests, problems } = await load(url);
      const columns = await page.$$eval('[data-column]', (els) =>
        els.map((el) => {
          const chart = el.querySelector('svg[data-chart]');
          const facts = el.querySelector('table.drift-facts');
          const box = chart?.getBoundingClientRect();
          const side = facts?.getBoundingClientRect();
          return {
            name: el.getAttribute('data-column'),
            kind: chart?.getAttribute('data-chart'),
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            beside: box && side ? side.left >= box.right && side.top < box.bottom : false,
            heading: el.closest('section')?.querySelector('h3')?.textContent,
          };
        }),
      );
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      const names = Object.keys(result.columns);
      expect(names.length).toBeGreaterThan(3);
      expect(columns.map((c) => c.name).sort()).toEqual([...names].sort());
      for (const c of columns) {
        expect(c.kind, c.name ?? '').toMatch(/^(histogram-overlay|category-bars)$/);
        expect(c.width, c.name ?? '').toBeGreaterThan(100);
        expect(c.height, c.name ?? '').toBeGreaterThan(100);
        expect(c.beside, `${c.name}: facts beside the chart`).toBe(true);
        expect(c.heading).toBe(c.name);
      }
      const scores = await page.$eval('[data-chart="bar-chart"]', (el) => {
        const box = el.getBoundingClientRect();
        return { width: box.width, height: box.height, bars: el.querySelectorAll('rect.mg-fill').length };
      });
      expect(scores.width).toBeGreaterThan(100);
      expect(scores.bars).toBeGreaterThan(0);
      // One statistics row per column and per column left untested.
      const rows = await page.$$eval('table.drift-stats th[scope="row"]', (els) => els.length);
      expect(rows).toBeGreaterThanOrEqual(names.length + Object.keys(result.not_tested).length);
      await page.close();
    },
  );

  it('shows hostile column and category names as text and runs none of them', async () => {
    const { result, url } = reports['hostile names'];
    expect(Object.keys(result.columns)).toContain(HOSTILE);
    const { page, problems } = await load(url);
    const seen = await page.evaluate(
      ({ hostile }) => {
        const { document, __mlgatePwned } = globalThis as unknown as PageGlobals;
        const section = [...document.querySelectorAll('[data-column]')].find(
          (el: { getAttribute(n: string): string }) => el.getAttribute('data-column') === hostile,
        );
        return {
          flag: __mlgatePwned ?? null,
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length,
          bold: document.querySelectorAll('main b[onmouseover], main i').length,
          handlers: [...document.querySelectorAll('*')].flatMap(
            (e: { tagName: string; attributes: Iterable<{ name: string }> }) =>
              [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName}[${a.name}]`),
          ),
          heading: section?.closest('section')?.querySelector('h3')?.textContent ?? null,
          rowHeaders: [...document.querySelectorAll('table.drift-stats th[scope="row"]')].map(
            (th: { firstChild: { textContent: string } }) => th.firstChild.textContent,
          ),
          categoryTitles: [...document.querySelectorAll('[data-chart="category-bars"] text title')].map(
            (t: { textContent: string }) => t.textContent,
          ),
          facts: [...document.querySelectorAll('table.drift-facts')].map(
            (t: { textContent: string }) => t.textContent,
          ),
          contents: [...document.querySelectorAll('nav.toc a')].map(
            (a: { textContent: string }) => a.textContent,
          ),
        };
      },
      { hostile: HOSTILE },
    );
    expect(problems).toEqual([]);
    expect(seen.flag).toBeNull();
    expect(seen.scripts).toBe(0);
    expect(seen.images).toBe(0);
    expect(seen.bold).toBe(0);
    expect(seen.handlers).toEqual([]);
    expect(seen.heading).toBe(HOSTILE);
    expect(seen.rowHeaders).toContain(HOSTILE);
    expect(seen.contents).toContain(HOSTILE);
    expect(seen.categoryTitles).toEqual(expect.arrayContaining([HOSTILE_CATEGORY, NEW_CATEGORY]));
    expect(seen.facts.some((f: string) => f.includes(`"${NEW_CATEGORY}"`))).toBe(true);
    await page.close();
  });

  it('draws the model outputs: the score histogram and the predicted classes', async () => {
    const { result, url } = reports['model outputs'];
    expect(result.prediction_drift?.score?.histogram?.edges?.length).toBeGreaterThan(0);
    const { page, problems } = await load(url);
    const charts = await page.$$eval('#model [data-chart]', (els) =>
      els.map((el) => ({
        kind: el.getAttribute('data-chart'),
        name: el.getAttribute('aria-label'),
        height: el.getBoundingClientRect().height,
        bars: el.querySelectorAll('[data-series] rect').length,
      })),
    );
    expect(problems).toEqual([]);
    expect(charts.map((c) => [c.kind, c.name])).toEqual([
      ['histogram-overlay', 'Distribution of P(positive class)'],
      ['category-bars', 'Categories of predicted class'],
    ]);
    for (const c of charts) {
      expect(c.height).toBeGreaterThan(50);
      expect(c.bars).toBeGreaterThan(0);
    }
    const text = (await page.textContent('#model')) ?? '';
    expect(text).toContain('roc_auc: not computed on');
    expect(text).toContain('the current data');
    await page.close();
  });
});
