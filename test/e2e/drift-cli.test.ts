/**
 * `mlgate drift` end to end: the bundled CLI on the fixtures of scripts/reference/drift_job_reference.py,
 * every number in drift.json against scipy 1.10.1 / numpy (test/fixtures/drift-job/expected.json), the
 * decisions against the documented policy applied to those numbers, options, bad input and drift.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';
import { draw, fsum, type GeneratorSpec } from '../unit/drift/fixtures.js';

const cli = join(repoRoot, 'dist/cli.js');
const fixtures = join(repoRoot, 'test/fixtures/drift-job');
const temp = mkdtempSync(join(tmpdir(), 'mlgate-drift-e2e-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Relative tolerance against scipy / numpy; see the worst errors with MLGATE_PRINT_ERRORS=1. */
const RTOL = 1e-12;
const worst = new Map<string, number>();
afterAll(() => {
  if (process.env.MLGATE_PRINT_ERRORS)
    console.log([...worst].map(([k, v]) => `${k}: ${v.toExponential(2)}`).join('\n'));
});

interface ExpectedColumn {
  type: 'numeric' | 'categorical';
  tested_as?: 'categories';
  n_reference: number;
  n_current: number;
  ks: { statistic: number; p_value: number; method: string } | null;
  wasserstein: number | null;
  wasserstein_normed: number | null;
  psi: number | null;
  jensen_shannon: number | null;
  chi2: { statistic: number; p_value: number; dof: number } | null;
  z: { statistic: number; p_value: number; category: string } | null;
  total_variation?: number | null;
  histogram?: { edges?: number[]; categories?: string[]; reference: number[]; current: number[] };
  quality: Record<string, unknown>;
  /** Not in drift.json: Evidently's test of a numeric column's categories. */
  categories?: { categories: string[]; psi: number; jensen_shannon: number };
}

interface Decision {
  method: string;
  score: number | null;
  threshold: number;
  p_value_adjusted?: number | null;
  drifted: boolean;
}

interface Variant {
  flags: string[];
  columns: Record<string, Decision>;
  dataset: {
    dataset_drift: boolean;
    tested: number;
    drifted: number;
    drifted_share: number;
    drifted_columns: string[];
  };
  not_tested?: Record<string, string>;
  statistics?: Record<string, ExpectedColumn>;
}

interface Fixture {
  files: { reference: string; current: string };
  rows: { reference: number; current: number };
  columns: Record<string, ExpectedColumn>;
  not_tested: Record<string, string>;
  variants: Record<string, Variant>;
}

interface Expected {
  policy: Record<string, unknown>;
  small: Fixture;
  large: Fixture;
  min_effect: {
    reference: { generate: GeneratorSpec; check: { sum: number } };
    current: { generate: GeneratorSpec; check: { sum: number } };
    ks: { statistic: number; p_value: number; method: string };
    wasserstein: number;
    wasserstein_normed: number;
  };
}

interface DriftJson {
  schemaVersion: number;
  reference: { files: string[]; rows: number };
  current: { files: string[]; rows: number };
  columns: Record<string, ExpectedColumn & Decision & { because: string }>;
  not_tested: Record<string, string>;
  columns_only_in_reference: string[];
  columns_only_in_current: string[];
  dataset_drift: boolean;
  drifted_columns: string[];
  summary: { tested: number; drifted: number; drifted_share: number; because: string };
  settings: Record<string, unknown>;
  conventions: string[];
  created_at: string;
}

const HOSTILE = '<b>x</b>|*y*';
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Expected;

/**
 * Deep comparison: numbers within RTOL (0 exactly), everything else equal; keys of `want` only. Soft, so a
 * failing test lists every mismatch, not the first.
 */
function expectMatch(got: unknown, want: unknown, where: string): void {
  if (typeof want === 'number') {
    expect.soft(typeof got, `${where}: ${String(got)} is not a number (expected ${want})`).toBe('number');
    const g = got as number;
    const error = want === 0 ? Math.abs(g) : Math.abs(g - want) / Math.abs(want);
    const key = where.replace(/^[^.]*\./, '').replace(/\[\d+\]/g, '[]');
    worst.set(key, Math.max(worst.get(key) ?? 0, error));
    expect
      .soft(error <= (want === 0 ? 0 : RTOL), `${where}: ${g} vs scipy ${want} (relative error ${error})`)
      .toBe(true);
  } else if (want === null || typeof want !== 'object') {
    expect.soft(got, where).toBe(want);
  } else if (Array.isArray(want)) {
    expect.soft(Array.isArray(got), `${where} is not an array`).toBe(true);
    if (!Array.isArray(got)) return;
    expect.soft((got as unknown[]).length, `${where}.length`).toBe(want.length);
    want.forEach((w, i) => expectMatch((got as unknown[])[i], w, `${where}[${i}]`));
  } else {
    expect.soft(typeof got === 'object' && got !== null, `${where} is missing`).toBe(true);
    if (typeof got !== 'object' || got === null) return;
    for (const [k, w] of Object.entries(want))
      expectMatch((got as Record<string, unknown>)[k], w, `${where}.${k}`);
  }
}

const STATISTICS = [
  'type',
  'tested_as',
  'n_reference',
  'n_current',
  'ks',
  'wasserstein',
  'wasserstein_normed',
  'psi',
  'jensen_shannon',
  'chi2',
  'z',
  'total_variation',
  'histogram',
] as const;

function expectStatistics(got: DriftJson['columns'][string], want: ExpectedColumn, name: string): void {
  for (const key of STATISTICS) expectMatch(got[key], want[key], `${name}.${key}`);
}

function expectDecision(got: DriftJson['columns'][string], want: Decision, name: string): void {
  expect.soft(got.method, `${name}.method`).toBe(want.method);
  expectMatch(got.threshold, want.threshold, `${name}.threshold`);
  expectMatch(got.score, want.score, `${name}.score`);
  // A column a p-value test could not score has no adjusted p-value (the fixture says null).
  if ('p_value_adjusted' in want)
    expectMatch(got.p_value_adjusted ?? null, want.p_value_adjusted, `${name}.p_value_adjusted`);
  expect.soft(got.drifted, `${name}.drifted (${got.because})`).toBe(want.drifted);
}

function mlgate(args: string[], options: { cwd?: string; out?: string } = {}) {
  const out = options.out ?? mkdtempSync(join(temp, 'out-'));
  const r = spawnSync(process.execPath, [cli, 'drift', ...args, '--out', out], {
    cwd: options.cwd ?? fixtures,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  const resultPath = join(out, 'drift.json');
  const result = existsSync(resultPath) ? (JSON.parse(readFileSync(resultPath, 'utf8')) as DriftJson) : null;
  const markdown = existsSync(join(out, 'drift.md')) ? readFileSync(join(out, 'drift.md'), 'utf8') : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out, result, markdown };
}

const sides = (f: Fixture, current = f.files.current) => [
  '--reference',
  f.files.reference,
  '--current',
  current,
];

describe.each([
  ['small', 'p-value tests'],
  ['large', 'distances'],
] as const)('mlgate drift on the %s fixture (%s)', (size, _judged) => {
  const fixture = expected[size];
  let run: ReturnType<typeof mlgate>;
  let result: DriftJson;
  beforeAll(() => {
    run = mlgate(sides(fixture));
    result = run.result!;
  });

  it('reads both sides and writes drift.json with the files and rows', () => {
    expect(run.stderr).toBe('');
    expect(result.schemaVersion).toBe(1);
    expect(result.reference).toEqual({ files: [fixture.files.reference], rows: fixture.rows.reference });
    expect(result.current).toEqual({ files: [fixture.files.current], rows: fixture.rows.current });
    expect(Object.keys(result.columns)).toEqual(Object.keys(fixture.columns));
    expect(run.stdout).toMatch(/^mlgate drift: (DRIFT|no drift): \d+ of \d+ tested columns drifted/);
  });

  it('reports every statistic of every column as scipy and numpy compute them', () => {
    for (const [name, want] of Object.entries(fixture.columns))
      expectStatistics(result.columns[name], want, name);
  });

  it('reports the data quality of every column as numpy counts it', () => {
    for (const [name, want] of Object.entries(fixture.columns))
      expectMatch(result.columns[name].quality, want.quality, `${name}.quality`);
  });

  it("judges each column by Evidently's default test and corrects the p-values (Benjamini–Hochberg)", () => {
    for (const [name, want] of Object.entries(fixture.variants.default.columns))
      expectDecision(result.columns[name], want, name);
  });

  it('decides dataset drift by the share of drifted columns and exits 1 on it', () => {
    const want = fixture.variants.default.dataset;
    expect(result.drifted_columns).toEqual(want.drifted_columns);
    expect(result.summary).toMatchObject({ tested: want.tested, drifted: want.drifted });
    expectMatch(result.summary.drifted_share, want.drifted_share, 'summary.drifted_share');
    expect(result.dataset_drift).toBe(want.dataset_drift);
    expect(run.status).toBe(want.dataset_drift ? 1 : 0);
  });

  it('reports mixed, nested and one-sided columns as not tested, with the reason', () => {
    expect(Object.keys(result.not_tested).sort()).toEqual(Object.keys(fixture.not_tested).sort());
    for (const [name, why] of Object.entries(fixture.not_tested))
      expect(result.not_tested[name]).toContain(why);
    expect(result.columns_only_in_reference).toEqual(['legacy']);
    expect(result.columns_only_in_current).toEqual(['new_feature']);
  });

  it('writes no NaN or Infinity, and a reason for every statistic it could not compute', () => {
    const { conventions: _conventions, ...rest } = result;
    expect(JSON.stringify(rest)).not.toMatch(/NaN|Infinity/);
    for (const [name, c] of Object.entries(result.columns)) {
      if (c.type !== 'numeric') continue;
      for (const key of ['ks', 'wasserstein', 'wasserstein_normed', 'psi', 'jensen_shannon'] as const)
        if (c[key] === null)
          expect((c as { reasons?: Record<string, string> }).reasons?.[key], `${name}.${key}`).toBeTruthy();
    }
  });
});

describe('mlgate drift: a numeric column with at most 5 distinct values on a large sample', () => {
  it("is judged by the Jensen–Shannon distance of its values as categories (Evidently's test)", () => {
    // The rare lowest value (3% of the reference) shares the first decile bin with the next value, so the
    // decile bins hide the move of 9 points of share into it; the categories do not.
    const r = mlgate([...sides(expected.large), '--columns', 'few']);
    const few = r.result!.columns.few;
    const want = expected.large.columns.few;
    expect(few.tested_as).toBe('categories');
    expect(few.method).toBe('jensen_shannon');
    expectMatch(few.score, want.categories!.jensen_shannon, 'few.score');
    expect(few.drifted).toBe(true);
  });
});

describe('mlgate drift: options', () => {
  const fixture = expected.small;
  const cases = (['small', 'large'] as const).flatMap((size) =>
    Object.entries(expected[size].variants)
      .filter(([key]) => key !== 'default')
      .map(([key, variant]) => [`${size} ${variant.flags.join(' ')}`, key, size, variant] as const),
  );

  it.each(cases)('%s: the flags change the decisions as the policy says', (_label, _key, size, variant) => {
    const r = mlgate([...sides(expected[size]), ...variant.flags]);
    expect(r.stderr).toBe('');
    const result = r.result!;
    expect(Object.keys(result.columns).sort()).toEqual(Object.keys(variant.columns).sort());
    for (const [name, want] of Object.entries(variant.statistics ?? {})) {
      expectStatistics(result.columns[name], want, name);
      expectMatch(result.columns[name].quality, want.quality, `${name}.quality`);
    }
    for (const [name, want] of Object.entries(variant.columns))
      expectDecision(result.columns[name], want, name);
    if (variant.not_tested) {
      expect(Object.keys(result.not_tested).sort()).toEqual(Object.keys(variant.not_tested).sort());
      for (const [name, why] of Object.entries(variant.not_tested))
        expect(result.not_tested[name]).toContain(why);
    }
    expect(result.drifted_columns).toEqual(variant.dataset.drifted_columns);
    expect(result.summary).toMatchObject({
      tested: variant.dataset.tested,
      drifted: variant.dataset.drifted,
    });
    expect(result.dataset_drift).toBe(variant.dataset.dataset_drift);
    expect(r.status).toBe(variant.dataset.dataset_drift ? 1 : 0);
  });

  it('records every setting in drift.json, the overrides included', () => {
    const r = mlgate([...sides(fixture), ...fixture.variants.methods.flags, '--correction', 'bonferroni']);
    expect(r.result!.settings).toEqual({
      ...expected.policy,
      correction: 'bonferroni',
      methods: {
        shifted: { method: 'psi', threshold: 0.2 },
        color: { method: 'jensen_shannon', threshold: 0.05 },
        few: { method: 'ks' },
        subscribed: { method: 'chi2', threshold: 0.01 },
      },
    });
    expect(r.result!.conventions.join('\n')).toMatch(/Benjamini–Hochberg/);
  });

  it('the adjusted p-values are Bonferroni m·p and the raw p with "none"', () => {
    const none = expected.small.variants.none.columns;
    const bonferroni = expected.small.variants.bonferroni.columns;
    const m = Object.values(none).filter((d) => d.p_value_adjusted != null).length;
    expect(m).toBe(12);
    for (const [name, d] of Object.entries(none)) {
      if (d.p_value_adjusted == null) continue;
      expect(d.p_value_adjusted).toBe(d.score);
      expect(bonferroni[name].p_value_adjusted).toBe(Math.min(1, m * d.score!));
    }
  });

  it('exits 0 on dataset drift with --fail-on-drift false, and 0 when nothing drifted', () => {
    const report = mlgate([...sides(fixture), '--fail-on-drift', 'false']);
    expect(report.status).toBe(0);
    expect(report.result!.dataset_drift).toBe(true);
    expect(report.stdout).toMatch(/^mlgate drift: DRIFT: 7 of 12 tested columns drifted/);
    const calm = mlgate([...sides(fixture), '--columns', `unchanged,active,${HOSTILE}`]);
    expect(calm.status).toBe(0);
    expect(calm.result!.dataset_drift).toBe(false);
    expect(calm.stdout).toMatch(/^mlgate drift: no drift: 0 of 3 tested columns drifted/);
  });

  it('--min-values leaves tiny samples untested, not drifted', () => {
    const r = mlgate([...sides(fixture), '--min-values', '601']);
    expect(r.status).toBe(0);
    for (const c of Object.values(r.result!.columns)) {
      expect(c.score).toBeNull();
      expect(c.drifted).toBe(false);
      expect(c.because).toMatch(/^not tested: \d+ values on the current side, below min_values 601/);
    }
    expect(r.result!.summary.because).toBe('no column could be tested');
  });
});

describe('mlgate drift: an effect-size floor for a tiny but significant shift on a large sample', () => {
  const me = expected.min_effect;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(temp, 'min-effect-'));
    for (const [name, side] of [
      ['reference.csv', me.reference],
      ['current.csv', me.current],
    ] as const) {
      const values = draw(side.generate);
      expect(fsum(values)).toBe(side.check.sum);
      writeFileSync(join(dir, name), `shift\n${Array.from(values, String).join('\n')}\n`);
    }
  });
  const args = ['--reference', 'reference.csv', '--current', 'current.csv', '--method', 'shift=ks'];

  it('a 1% location shift on 200 000 rows: p tiny, KS statistic below 0.05, not drift with the floor', () => {
    const r = mlgate(args, { cwd: dir });
    expect(r.stderr).toBe('');
    const shift = r.result!.columns.shift;
    expectMatch(shift.ks, me.ks, 'shift.ks');
    expectMatch(shift.wasserstein, me.wasserstein, 'shift.wasserstein');
    expectMatch(shift.wasserstein_normed, me.wasserstein_normed, 'shift.wasserstein_normed');
    expect(shift.p_value_adjusted).toBeLessThan(1e-100);
    expect(shift.drifted).toBe(false);
    expect(shift.because).toMatch(/KS statistic 0\.03522 < min_effect 0\.05: too small to call drift/);
    expect(r.status).toBe(0);
  });

  it('the same shift is drift with --min-effect 0', () => {
    const r = mlgate([...args, '--min-effect', '0'], { cwd: dir });
    expect(r.result!.columns.shift.drifted).toBe(true);
    expect(r.result!.dataset_drift).toBe(true);
    expect(r.status).toBe(1);
  });
});

describe('mlgate drift: JSON Lines current data', () => {
  it('gives the same statistics and decisions as the CSV copy', () => {
    const csv = mlgate(sides(expected.small));
    const jsonl = mlgate(sides(expected.small, 'small/current.jsonl.gz'));
    expect(jsonl.stderr).toBe('');
    expect(jsonl.status).toBe(csv.status);
    const strip = (r: DriftJson) => ({ ...r, current: r.current.rows, created_at: undefined });
    expect(strip(jsonl.result!)).toEqual(strip(csv.result!));
    for (const [name, want] of Object.entries(expected.small.columns))
      expectStatistics(jsonl.result!.columns[name], want, name);
  });
});

describe('mlgate drift: bad input exits 2 with one line on stderr and leaves no drift.json', () => {
  const s = expected.small;
  const good = sides(s);
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(temp, 'bad-'));
    const header = readFileSync(join(fixtures, s.files.current), 'utf8').split('\n')[0];
    writeFileSync(join(work, 'empty.csv'), `${header}\n`);
    for (const f of ['reference.csv', 'current.csv'])
      writeFileSync(join(work, f), readFileSync(join(fixtures, 'small', f)));
  });
  const local = ['--reference', 'reference.csv', '--current', 'current.csv'];

  const mistakes: [string, string[], RegExp][] = [
    [
      'a missing file',
      ['--reference', 'nope.csv', '--current', 'current.csv'],
      /data file "nope\.csv" not found/,
    ],
    [
      'an empty file (header only)',
      ['--reference', 'reference.csv', '--current', 'empty.csv'],
      /the current data \(empty\.csv\) has no rows/,
    ],
    [
      'a glob matching nothing',
      ['--reference', 'reference.csv', '--current', 'logs/*.jsonl'],
      /data glob "logs\/\*\.jsonl" matched no files/,
    ],
    ['--alpha 2', [...local, '--alpha', '2'], /alpha must be a number in \(0, 1\); got 2/],
    ['--alpha abc', [...local, '--alpha', 'abc'], /--alpha must be a number; got "abc"/],
    [
      '--method x=foo',
      [...local, '--method', 'x=foo'],
      /method "foo" for column "x" is not one of ks, wasserstein/,
    ],
    ['--method without a column', [...local, '--method', 'ks'], /"ks" is not COLUMN=METHOD/],
    [
      '--method that does not fit the column',
      [...local, '--method', 'color=ks'],
      /drift method ks for column "color" does not fit a categorical column/,
    ],
    ['--correction bogus', [...local, '--correction', 'bogus'], /--correction must be one of .*got "bogus"/],
    ['--threshold psi=-1', [...local, '--threshold', 'psi=-1'], /threshold "-1" for psi is not a number ≥ 0/],
    ['--min-values 0', [...local, '--min-values', '0'], /--min-values must be an integer ≥ 1; got "0"/],
    [
      '--fail-on-drift maybe',
      [...local, '--fail-on-drift', 'maybe'],
      /--fail-on-drift must be one of true, false/,
    ],
    [
      '--columns naming no column',
      [...local, '--columns', 'nosuch'],
      /column "nosuch" \(--columns\) is in neither/,
    ],
    [
      'a column both numeric and categorical',
      [...local, '--numeric', 'ties', '--categorical', 'ties'],
      /column "ties" is given as both numeric and categorical/,
    ],
    ['no --current', ['--reference', 'reference.csv'], /--current is required/],
  ];

  it.each(mistakes)('%s: exit 2, one line naming the mistake, no stack trace', (_name, args, message) => {
    const r = mlgate(args, { cwd: work });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mlgate drift: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.result).toBeNull();
    expect(r.markdown).toBeNull();
  });

  it.each(mistakes)('%s: removes the drift.json and drift.md of an earlier run', (_name, args) => {
    // A stale verdict must not outlive a run that stops on a mistake (as evaluate and validate do).
    const out = mkdtempSync(join(temp, 'stale-'));
    writeFileSync(join(out, 'drift.json'), '{"dataset_drift": false}\n');
    writeFileSync(join(out, 'drift.md'), 'stale\n');
    const r = mlgate(args, { cwd: work, out });
    expect(r.status).toBe(2);
    expect(existsSync(join(out, 'drift.json')), 'a stale drift.json is left').toBe(false);
    expect(existsSync(join(out, 'drift.md')), 'a stale drift.md is left').toBe(false);
  });

  it('the good run of the same files succeeds (the cases above fail for their one mistake)', () => {
    const r = mlgate(good);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
  });

  it('prints help and exits 0', () => {
    const r = spawnSync(process.execPath, [cli, 'drift', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mlgate drift --reference/);
  });
});

describe('mlgate drift: drift.md', () => {
  let md: string;
  let result: DriftJson;
  beforeAll(() => {
    const out = join(temp, 'markdown');
    mkdirSync(out);
    const r = mlgate(['--name', 'churn <model>', ...sides(expected.small)], { out });
    md = r.markdown!;
    result = r.result!;
  });

  it('starts with the verdict and the share of drifted columns', () => {
    expect(md.split('\n')[0]).toBe('## mlgate drift — churn &lt;model&gt;: **drift detected**');
    expect(md).toContain('7 of 12 tested columns drifted (0.5833 ≥ drift_share 0.5)');
  });

  it('has a row for every column, tested or not, with its method and verdict', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    const escape = (name: string) =>
      name
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([|*_])/g, '\\$1');
    for (const [name, c] of Object.entries(result.columns)) {
      const line = rows.find((l) => l.startsWith(`| ${escape(name)} | `));
      expect(line, name).toBeDefined();
      expect(line).toContain(` | ${c.method} | `);
      expect(line).toContain(c.drifted ? '| **yes** |' : c.score === null ? '| not tested |' : '| no |');
    }
    for (const name of Object.keys(result.not_tested))
      expect(
        rows.some((l) => l.startsWith(`| ${escape(name)} | — |`)),
        name,
      ).toBe(true);
  });

  it('escapes a hostile column name: no HTML, no emphasis, no extra table cell', () => {
    expect(md).not.toContain('<b>');
    const line = md.split('\n').find((l) => l.includes('&lt;b&gt;x&lt;/b&gt;'))!;
    expect(line.startsWith('| &lt;b&gt;x&lt;/b&gt;\\|\\*y\\* | numeric | ks |')).toBe(true);
    // 7 cells: the escaped pipe does not split one.
    expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(9);
  });

  it('has a Mermaid bar chart of the scores and the data quality findings', () => {
    expect(md).toMatch(/```mermaid\nxychart-beta\n[\s\S]*?\n {2}bar \[[^\]]+\]\n {2}line \[[^\]]+\]\n```/);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const color = expected.small.columns.color.quality as { new_categories: { share: number } };
    const colorLine = md.split('\n').find((l) => l.startsWith('| color | missing'));
    expect(colorLine).toContain(
      `1 new categories (${pct(color.new_categories.share)} of current rows): "purple"`,
    );
    const income = expected.small.columns['income / month'].quality as {
      null_fraction: { reference: number; current: number };
    };
    expect(md).toContain(
      `| income / month | missing ${pct(income.null_fraction.reference)} → ${pct(income.null_fraction.current)}`,
    );
    expect(md).toContain('How the numbers are computed');
  });
});
