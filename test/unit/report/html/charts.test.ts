import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  barChart,
  categoryBars,
  histogramOverlay,
  intervalChart,
  lineChart,
  matrixChart,
  type SafeHtml,
} from '../../../../src/core/report/html/index.js';
import { expectBalanced, expectFiniteMarkup } from './markup.js';

const HOSTILE = `<script>alert(1)</script>"'&</title>`;
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;/title&gt;';

function check(chart: SafeHtml, kind: string): string {
  const svg = String(chart);
  expect(svg).toMatch(new RegExp(`^<svg [^>]*data-chart="${kind}"`));
  expect(svg).toMatch(/^<svg [^>]*role="img" [^>]*aria-label="[^"]+"/);
  expect(svg).toMatch(/^<svg [^>]*><title>[^<]+<\/title>/);
  expectBalanced(svg);
  expectFiniteMarkup(svg);
  expect(svg).not.toContain('<script');
  expect(svg).not.toMatch(/ style="/);
  return svg;
}

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

describe('histogramOverlay', () => {
  const series = [
    { name: 'reference', proportions: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1] },
    { name: HOSTILE, proportions: [0.05, 0.1, 0.15, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05] },
  ];

  it('draws drift cut points as open outer bins labelled "≤ a" and "> b", with a legend', () => {
    const svg = check(
      histogramOverlay({ edges: [1, 2, 3, 4, 5, 6, 7, 8, 9], series, xLabel: 'age', title: 'age' }),
      'histogram-overlay',
    );
    expect(svg).toContain('>≤ 1<');
    expect(svg).toContain('>&gt; 9<');
    expect(svg).toContain('data-series="reference"');
    expect(svg).toContain(`data-series="${ESCAPED}"`);
    expect(svg).toContain('class="mg-legend"');
    // One bar per non-empty bin and series, each with its bin in the tooltip.
    expect(count(svg, /<rect x=/g)).toBe(20);
    expect(svg).toContain('<title>reference, ≤ 1: 10.0%</title>');
    expect(svg).toContain('<title>reference, (4, 5]: 10.0%</title>');
    expect(svg).toContain('<title>reference, &gt; 9: 10.0%</title>');
    expect(svg).not.toContain(HOSTILE);
  });

  it('accepts boundaries with ±Infinity ends, and finite ones', () => {
    const open = check(
      histogramOverlay({
        edges: [-Infinity, 0, Infinity],
        series: [{ name: 'a', proportions: [0.4, 0.6] }],
        xLabel: 'x',
      }),
      'histogram-overlay',
    );
    expect(open).toContain('>≤ 0<');
    expect(open).toContain('>&gt; 0<');
    expect(open).not.toContain('class="mg-legend"');
    const closed = check(
      histogramOverlay({ edges: [0, 0.5, 1], series: [{ name: 'a', proportions: [0.4, 0.6] }], xLabel: 'x' }),
      'histogram-overlay',
    );
    expect(closed).toContain('<title>a, (0, 0.5]: 40.0%</title>');
  });

  it('refuses edges that do not fit the bins, or do not ascend', () => {
    expect(() =>
      histogramOverlay({ edges: [1, 2, 3, 4], series: [{ name: 'a', proportions: [1, 0] }], xLabel: 'x' }),
    ).toThrow(/4 edges for 2 bins/);
    expect(() =>
      histogramOverlay({ edges: [2, 1], series: [{ name: 'a', proportions: [0.5, 0.5, 0] }], xLabel: 'x' }),
    ).toThrow(/must ascend/);
    expect(() =>
      histogramOverlay({
        edges: [1],
        series: [
          { name: 'a', proportions: [1, 0] },
          { name: 'b', proportions: [1] },
        ],
        xLabel: 'x',
      }),
    ).toThrow(/series "b" has 1 bins/);
  });

  it('draws no data, a single bin and all-zero proportions without NaN', () => {
    check(histogramOverlay({ edges: [], series: [], xLabel: 'x' }), 'histogram-overlay');
    const one = check(
      histogramOverlay({ edges: [], series: [{ name: 'a', proportions: [1] }], xLabel: 'x' }),
      'histogram-overlay',
    );
    expect(one).toContain('all values');
    check(
      histogramOverlay({ edges: [5], series: [{ name: 'a', proportions: [0, 0] }], xLabel: 'x' }),
      'histogram-overlay',
    );
    check(
      histogramOverlay({ edges: [5], series: [{ name: 'a', proportions: [NaN, Infinity] }], xLabel: 'x' }),
      'histogram-overlay',
    );
  });
});

describe('categoryBars', () => {
  const categories = ['a', 'b', HOSTILE, 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'new'];
  const reference = [0.3, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.03, 0.03, 0.02, 0.02, 0];
  const current = [0.2, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.03, 0.02, 0.01, 0.01, 0.13];

  it('keeps the top N by their largest share in any series and sums the rest into "other"', () => {
    const svg = check(
      categoryBars({
        categories,
        series: [
          { name: 'reference', values: reference },
          { name: 'current', values: current },
        ],
        topN: 5,
      }),
      'category-bars',
    );
    // "new" only occurs in the current data and ranks third by its 13%.
    const names = [...svg.matchAll(/text-anchor="end"(?: font-style="italic")?>([^<]*)<title>/g)].map(
      (m) => m[1],
    );
    // Long names are cut to 28 characters on the axis (the tooltip has the whole name).
    expect(names).toEqual([
      'a',
      'b',
      'new',
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;…',
      'd',
      'other (8 categories)',
    ]);
    // reference's other: e..l = 0.05 * 4 + 0.03 * 2 + 0.02 * 2 = 0.30
    expect(svg).toContain('<title>reference, other (8 categories): 30.0%</title>');
    expect(svg).toContain('<title>current, other (8 categories): 27.0%</title>');
  });

  it('shows every category when only one would be folded, and counts as numbers', () => {
    const svg = check(
      categoryBars({
        categories: ['x', 'y', 'z'],
        series: [{ name: 'n', values: [30, 20, 10] }],
        topN: 2,
        unit: 'count',
      }),
      'category-bars',
    );
    expect(svg).not.toContain('other (');
    expect(svg).toContain('<title>n, z: 10</title>');
  });

  it('refuses values that do not match the categories and draws nothing to draw', () => {
    expect(() => categoryBars({ categories: ['a'], series: [{ name: 's', values: [1, 2] }] })).toThrow(
      /2 values for 1 categories/,
    );
    check(categoryBars({ categories: [], series: [] }), 'category-bars');
    check(categoryBars({ categories: ['a', 'b'], series: [{ name: 's', values: [0, 0] }] }), 'category-bars');
  });
});

describe('barChart', () => {
  it('draws bars from zero with the threshold line, highlights and "n/a" for missing values', () => {
    const svg = check(
      barChart({
        bars: [
          { label: 'age', value: 0.05 },
          { label: HOSTILE, value: 0.23, highlight: true },
          { label: 'income', value: null },
          { label: 'delta', value: -0.04 },
        ],
        threshold: 0.1,
        xLabel: 'drift score',
        highlightLabel: 'drifted',
      }),
      'bar-chart',
    );
    expect(svg).toContain('class="mg-threshold"');
    expect(svg).toContain('>threshold 0.1<');
    expect(svg).toContain(`<title>${ESCAPED}: 0.23 (drifted)</title>`);
    expect(count(svg, /class="mg-fill mg-hl"/g)).toBe(2); // the bar and its legend swatch
    expect(svg).toContain('>n/a<');
    expect(svg).toContain('>-0.04<');
  });

  it('handles no bars, all zeros and a non-finite threshold', () => {
    check(barChart({ bars: [], xLabel: 'x' }), 'bar-chart');
    check(barChart({ bars: [{ label: 'a', value: 0 }], xLabel: 'x', threshold: NaN }), 'bar-chart');
    check(barChart({ bars: [{ label: 'a', value: Infinity }], xLabel: 'x' }), 'bar-chart');
  });
});

describe('intervalChart', () => {
  it('puts the margin band on each row’s bad side and writes the figures', () => {
    const svg = check(
      intervalChart({
        rows: [
          { label: 'roc_auc', value: 0.012, lo: -0.004, hi: 0.029, better: 'higher', status: 'inconclusive' },
          { label: 'log_loss', value: -0.02, lo: -0.03, hi: -0.01, better: 'lower', status: 'pass' },
          { label: HOSTILE, value: null },
        ],
        margin: 0.01,
      }),
      'interval-chart',
    );
    const bands = [...svg.matchAll(/<rect class="mg-margin" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map(
      (m) => [Number(m[1]), Number(m[2])],
    );
    const zeroX = Number(/<g class="mg-zero"><line x1="([\d.]+)"/.exec(svg)?.[1]);
    expect(bands).toHaveLength(3);
    // higher is better: the band ends at zero; lower is better: it starts there.
    expect(bands[0][0] + bands[0][1]).toBeCloseTo(zeroX, 0);
    expect(bands[1][0]).toBeCloseTo(zeroX, 0);
    expect(svg).toContain('>+0.012 [-0.004, +0.029]<');
    expect(svg).toContain('class="mg-interval mg-pass"');
    expect(svg).toContain('>n/a<');
    expect(svg).toContain('non-inferiority margin');
  });

  it('handles no rows, points without intervals and equal values', () => {
    check(intervalChart({ rows: [] }), 'interval-chart');
    check(intervalChart({ rows: [{ label: 'a', value: 0, lo: 0, hi: 0 }] }), 'interval-chart');
    check(intervalChart({ rows: [{ label: 'a', value: 5 }], zero: NaN, margin: -1 }), 'interval-chart');
  });
});

describe('lineChart', () => {
  it('thins a long curve to the budget, keeps short ones whole and draws the diagonal', () => {
    const roc: [number, number][] = Array.from({ length: 20_001 }, (_, i) => {
      const t = i / 20_000;
      return [t, Math.sqrt(t) + 0.02 * Math.sin(i)];
    });
    const svg = check(
      lineChart({
        series: [
          { name: 'candidate', points: roc },
          {
            name: HOSTILE,
            points: [
              [0, 0],
              [0.2, 0.6],
              [1, 1],
            ],
          },
        ],
        x: { label: 'false positive rate', min: 0, max: 1 },
        y: { label: 'true positive rate', min: 0, max: 1 },
        diagonal: true,
        title: 'ROC',
      }),
      'line-chart',
    );
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map(
      (m) => m[1].split(/[ML]/).filter(Boolean).length,
    );
    expect(paths[0]).toBeLessThanOrEqual(300);
    expect(paths[0]).toBeGreaterThan(100);
    expect(paths[1]).toBe(3);
    expect(svg).toContain('class="mg-diagonal"');
    expect(svg).toContain(`data-series="${ESCAPED}"`);
    expect(svg).toContain('class="mg-legend"');
  });

  it('draws a lone point as a dot and survives empty series, equal ranges and non-finite points', () => {
    const one = check(
      lineChart({ series: [{ name: 's', points: [[3, 7]] }], x: { label: 'x' }, y: { label: 'y' } }),
      'line-chart',
    );
    expect(one).toContain('<circle');
    check(lineChart({ series: [], x: { label: 'x' }, y: { label: 'y' } }), 'line-chart');
    check(
      lineChart({
        series: [
          {
            name: 's',
            points: [
              [NaN, 1],
              [Infinity, 2],
              [1, 1],
              [1, 1],
            ],
          },
        ],
        x: { label: 'x', min: 2, max: 2 },
        y: { label: 'y' },
        diagonal: true,
      }),
      'line-chart',
    );
  });
});

describe('matrixChart', () => {
  it('writes the counts in the cells with the row share in each tooltip', () => {
    const svg = check(
      matrixChart({
        labels: ['setosa', 'versicolor', HOSTILE],
        counts: [
          [50, 0, 0],
          [0, 47, 3],
          [0, 2, 48],
        ],
        title: 'candidate',
      }),
      'matrix-chart',
    );
    expect(svg).toContain('>47</text>');
    expect(svg).toContain(
      '<title>actual versicolor, predicted ' + ESCAPED + ': 3 (6.0% of actual versicolor)</title>',
    );
    // The largest count gets the strongest shade.
    expect(svg).toContain('fill-opacity="0.94"');
  });

  it('refuses counts that do not match the labels and draws empty or all-zero matrices', () => {
    expect(() => matrixChart({ labels: ['a', 'b'], counts: [[1, 2]], title: 't' })).toThrow(
      /2 labels need 2×2 counts/,
    );
    check(matrixChart({ labels: [], counts: [], title: 't' }), 'matrix-chart');
    const zeros = check(
      matrixChart({
        labels: ['a', 'b'],
        counts: [
          [0, 0],
          [0, 0],
        ],
        title: 't',
      }),
      'matrix-chart',
    );
    expect(zeros).not.toContain('% of');
  });

  it('stays small for many classes (no per-cell tooltips past 20, zero cells left to the background)', () => {
    const n = 100;
    const counts = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 90 : j === (i + 1) % n ? 10 : 0)),
    );
    const svg = check(
      matrixChart({ labels: counts.map((_, i) => `class ${i}`), counts, title: 't' }),
      'matrix-chart',
    );
    expect(svg.length).toBeLessThan(100_000);
  });
});

describe('every chart on arbitrary numbers', () => {
  const value = fc.oneof(
    fc.double(),
    fc.constantFrom(0, NaN, Infinity, -Infinity, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE),
  );
  // Labels from characters that cannot spell NaN or Infinity, so the markup check needs no exceptions.
  const name = fc.string({
    unit: fc.constantFrom('<', '>', '&', '"', "'", ' ', 'x', '模', '😀', '\u0000'),
    maxLength: 12,
  });

  it('never throws on consistent shapes and never writes NaN or Infinity', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 12 }),
        fc.array(value, { maxLength: 12 }),
        name,
        value,
        (a, b, label, t) => {
          const n = Math.min(a.length, b.length);
          const pa = a.slice(0, n);
          const pb = b.slice(0, n);
          const sorted = [...pa].filter(Number.isFinite).sort((x, y) => x - y);
          const edges = n > 1 && sorted.length >= n - 1 ? sorted.slice(0, n - 1) : [];
          const charts = [
            edges.length === n - 1 && n > 0
              ? histogramOverlay({
                  edges,
                  series: [
                    { name: label, proportions: pa },
                    { name: 'b', proportions: pb },
                  ],
                  xLabel: label,
                })
              : histogramOverlay({ edges: [], series: [], xLabel: label }),
            categoryBars({
              categories: pa.map((_, i) => `${label}${i}`),
              series: [
                { name: label, values: pa },
                { name: 'b', values: pb },
              ],
              topN: 3,
            }),
            barChart({
              bars: pa.map((v, i) => ({ label: `${label}${i}`, value: v, highlight: i % 2 === 0 })),
              threshold: t,
              xLabel: label,
            }),
            intervalChart({
              rows: pa.map((v, i) => ({ label, value: v, lo: pb[i], hi: t, margin: t })),
              zero: t,
              margin: t,
            }),
            lineChart({
              series: [
                { name: label, points: pa.map((v, i) => [v, pb[i]] as [number, number]), markers: true },
              ],
              x: { label, min: t },
              y: { label },
              diagonal: true,
            }),
            matrixChart({ labels: pa.map((_, i) => `${label}${i}`), counts: pa.map(() => pb), title: label }),
          ];
          for (const c of charts) {
            expectFiniteMarkup(String(c));
            expectBalanced(String(c));
          }
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
  });
});
