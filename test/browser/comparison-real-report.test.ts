/**
 * comparison.html as a real `mlgate compare` run writes it (the bundled CLI, both models in ONNX Runtime),
 * for the binary pair (breast-cancer: binary-mlp-logit vs binary-logreg) and a multiclass pair (penguins:
 * model-small.onnx vs model.onnx) of test/fixtures/compare/models-reference.json, loaded from file:// in
 * Debian's headless Chromium: no console or page error, no request but the page itself, the ROC, PR and
 * reliability overlays (binary) or the reliability overlay (multiclass) with both series drawn, and both
 * confusion matrices whose counts are the reference predictions' (test/fixtures/eval/<model>.reference.json).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ComparisonResult } from '../../src/core/compare/result.js';
import { launchChromium, loadPage } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/run-action.js';

/** The DOM as the page-side callbacks see it (the project's tsconfig has no DOM lib). */
interface PageGlobals {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the DOM, typed by the browser
  document: any;
}

interface Case {
  id: string;
  candidate: string;
  baseline: string;
  args: string[];
  /** The reference files of the candidate's and the baseline's predictions. */
  references: [string, string];
  classes: string[];
  /** aria-labels of the line charts in #curves, in order. */
  curves: string[];
}

const CASES: Case[] = [
  {
    id: 'binary',
    candidate: 'test/fixtures/models/binary-mlp-logit.onnx',
    baseline: 'test/fixtures/models/binary-logreg.onnx',
    // The candidate outputs a logit: sigmoid; its outputs differ from the baseline's: signature warn.
    args: [
      '--data',
      'test/fixtures/eval/breast-cancer.csv',
      '--task',
      'binary',
      '--label',
      'target',
      '--transform',
      'sigmoid',
      '--baseline-transform',
      'none',
      '--signature',
      'warn',
    ],
    references: ['binary-mlp-logit', 'binary-logreg'],
    classes: ['0', '1'],
    curves: ['ROC curves', 'Precision–recall curves', 'Reliability (calibration)'],
  },
  {
    id: 'multiclass',
    candidate: 'examples/penguins/model-small.onnx',
    baseline: 'examples/penguins/model.onnx',
    args: [
      '--data',
      'examples/penguins/penguins-test.csv',
      '--task',
      'multiclass',
      '--label',
      'Species',
      '--classes',
      'Adelie,Chinstrap,Gentoo',
    ],
    references: ['penguins-demo-small', 'penguins-demo'],
    classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    curves: ['Reliability (calibration)'],
  },
];

const confusionOf = (reference: string, k: number): number[][] => {
  const p = (
    JSON.parse(readFileSync(join(repoRoot, `test/fixtures/eval/${reference}.reference.json`), 'utf8')) as {
      predictions: { y_true: number[]; y_pred: number[] };
    }
  ).predictions;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  p.y_true.forEach((y, i) => m[y][p.y_pred[i]]++);
  return m;
};

describe('comparison.html of a real mlgate compare run, in headless Chromium', () => {
  // Launched by the first test rather than in beforeAll, so that a missing browser fails each test.
  let browser: Promise<Browser> | undefined;
  const getBrowser = () => (browser ??= launchChromium());
  let dir: string;
  const runs = new Map<string, { url: string; result: ComparisonResult; status: number | null }>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-comparison-real-'));
    for (const c of CASES) {
      const out = join(dir, c.id);
      const r = spawnSync(
        process.execPath,
        [
          join(repoRoot, 'dist/cli.js'),
          'compare',
          '--candidate',
          c.candidate,
          '--baseline',
          c.baseline,
          ...c.args,
          '--no-latency',
          '--out',
          out,
        ],
        { cwd: repoRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
      );
      expect(r.stderr, c.id).toBe('');
      const result = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as ComparisonResult;
      runs.set(c.id, {
        url: pathToFileURL(join(out, 'comparison.html')).href,
        result,
        status: r.status,
      });
    }
  });

  afterAll(async () => {
    await browser?.then((b) => b.close()).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const load = async (url: string) => loadPage(await getBrowser(), url);

  it.each(CASES.map((c) => [c.id, c] as const))(
    '%s: loads with no error and no request, with the curves and both confusion matrices drawn for both models',
    async (id, c) => {
      const { url, result } = runs.get(id)!;
      const { page, requests, problems } = await load(url);
      const seen = await page.evaluate(() => {
        const { document } = globalThis as unknown as PageGlobals;
        type El = {
          getAttribute(n: string): string | null;
          getBoundingClientRect(): { width: number; height: number };
          querySelectorAll(s: string): El[] & { length: number };
          closest(s: string): El | null;
          textContent: string;
        };
        const svgs = (selector: string) =>
          [...(document.querySelectorAll(selector) as El[])].map((el) => {
            const box = el.getBoundingClientRect();
            return {
              label: el.getAttribute('aria-label'),
              width: box.width,
              height: box.height,
              series: [...el.querySelectorAll('[data-series]')].map((g) => ({
                name: g.getAttribute('data-series'),
                marks: g.querySelectorAll('path, rect, circle, line, polyline').length,
              })),
            };
          });
        const tables = [...(document.querySelectorAll('#confusion details.chart-data table') as El[])].map(
          (t) =>
            [...t.querySelectorAll('tbody tr')].map((tr) =>
              [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
            ),
        );
        return {
          curves: svgs('#curves svg[data-chart="line-chart"]'),
          matrices: svgs('#confusion svg[data-chart="matrix-chart"]'),
          tables,
          verdict: (document.querySelector('#verdict .verdict') as El | null)?.textContent ?? '',
        };
      });
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
      expect(seen.verdict).toMatch(new RegExp(`^\\s*[✔✘?]\\u00a0${result.verdict}`));

      // ROC, PR and reliability (binary) or reliability (multiclass): both models' series drawn.
      expect(seen.curves.map((s) => s.label)).toEqual(c.curves);
      for (const chart of seen.curves) {
        expect(chart.width, chart.label!).toBeGreaterThan(100);
        expect(chart.height, chart.label!).toBeGreaterThan(50);
        expect(chart.series.map((s) => s.name)).toEqual(['candidate', 'baseline']);
        for (const s of chart.series) expect(s.marks, `${chart.label}: ${s.name}`).toBeGreaterThan(0);
      }
      expect(result.charts.roc !== undefined).toBe(id === 'binary');
      expect(result.charts.pr !== undefined).toBe(id === 'binary');
      expect(result.charts.calibration).toBeDefined();

      // Both confusion matrices, candidate then baseline, each drawn, with the reference's counts.
      expect(seen.matrices).toHaveLength(2);
      expect(seen.matrices.map((m) => m.label)).toEqual([
        expect.stringMatching(/^candidate: confusion matrix/),
        expect.stringMatching(/^baseline: confusion matrix/),
      ]);
      const k = c.classes.length;
      const counts = c.references.map((r) => confusionOf(r, k));
      for (const [i, m] of seen.matrices.entries()) {
        expect(m.width).toBeGreaterThan(100);
        expect(m.series).toEqual([{ name: 'counts', marks: expect.any(Number) as unknown }]);
        // A cell is drawn for each count above zero, at least.
        const nonzero = counts[i].flat().filter((v) => v > 0).length;
        expect(m.series[0].marks).toBeGreaterThanOrEqual(nonzero);
      }
      // Each data table: a row per actual class, its name then the counts per predicted class.
      expect(seen.tables).toEqual(counts.map((m) => m.map((row, j) => [c.classes[j], ...row.map(String)])));
      expect(result.charts.confusion).toEqual({
        labels: c.classes,
        candidate: confusionOf(c.references[0], k),
        baseline: confusionOf(c.references[1], k),
      });
      await page.close();
    },
  );
});
