import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';

const cli = join(repoRoot, 'dist/cli.js');
const models = join(repoRoot, 'test/fixtures/models');
const data = join(repoRoot, 'test/fixtures/eval');

function mlgate(args: string[], cwd = mkdtempSync(join(tmpdir(), 'mlgate-eval-'))) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

const binary = (...extra: string[]) => [
  'evaluate',
  '--model',
  join(models, 'binary-logreg.onnx'),
  '--data',
  join(data, 'breast-cancer.csv'),
  '--task',
  'binary',
  '--label',
  'target',
  '--no-latency',
  ...extra,
];

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('mlgate evaluate (bundled dist)', () => {
  it.each([['evaluate'], ['merge']])('prints help for %s and exits 0', (command) => {
    const r = mlgate([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: mlgate ${command}`);
  });

  it('passes its thresholds, exits 0 and writes evaluation.json, evaluation.md and predictions.parquet', () => {
    const r = mlgate(binary('--threshold', 'roc_auc>=0.95', '--threshold', 'log_loss<=0.2', '--out', 'out'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Evaluation PASSED: 171 rows, binary, 2 of 2 thresholds met, cpu/m);
    const result = readJson(join(r.cwd, 'out/evaluation.json'));
    expect(result.schemaVersion).toBe(1);
    expect(result.task).toBe('binary');
    expect(result.rows).toBe(171);
    expect(result.thresholds.map((t: { passed: boolean }) => t.passed)).toEqual([true, true]);
    expect(result.runtime.execution_provider).toBe('cpu');
    expect(result.runtime.ort_version).toBe('1.30.0');
    expect(result.model.opsets).toEqual([{ domain: 'ai.onnx', version: 17 }]);
    expect(result.model.metadata.dataset).toBe('breast_cancer');
    expect(readFileSync(join(r.cwd, 'out/evaluation.md'), 'utf8')).toContain('```mermaid');
    expect(existsSync(join(r.cwd, 'out/predictions.parquet'))).toBe(true);
  });

  it('exits 1 when a threshold fails and says which', () => {
    const r = mlgate(binary('--threshold', 'accuracy>=0.99'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Evaluation FAILED/);
    expect(r.stdout).toMatch(/FAIL accuracy 0\.9591 >= 0\.99/);
  });

  it('measures latency at batch 1 and at the evaluation batch size and judges a latency threshold', () => {
    const r = mlgate(binary('--threshold', 'latency_p95_ms<=1000').filter((a) => a !== '--no-latency'));
    expect(r.status).toBe(0);
    const result = readJson(join(r.cwd, 'mlgate-out/evaluation.json'));
    expect(result.latency.single.batch_size).toBe(1);
    expect(result.latency.batch.batch_size).toBe(171);
    expect(result.latency.p95_ms).toBe(result.latency.single.p95_ms);
    expect(result.latency.p50_ms).toBeGreaterThan(0);
    expect(result.latency.p50_ms).toBeLessThanOrEqual(result.latency.p95_ms);
    expect(result.latency.p95_ms).toBeLessThanOrEqual(result.latency.p99_ms);
    expect(result.thresholds[0]).toMatchObject({
      metric: 'latency_p95_ms',
      greater_is_better: false,
      passed: true,
    });
  });
});

describe('mlgate evaluate: bad input exits 2 with one clear line and writes nothing', () => {
  const withData = (model: string, file = 'breast-cancer.csv', task = 'binary', label = 'target') => [
    'evaluate',
    '--model',
    join(models, model),
    '--data',
    join(data, file),
    '--task',
    task,
    '--label',
    label,
    '--no-latency',
  ];
  it.each([
    [
      'not an ONNX file',
      withData('not-onnx.onnx'),
      /not-onnx\.onnx: is not an ONNX model: it starts with text/,
    ],
    [
      'a truncated model',
      withData('truncated.onnx'),
      /truncated\.onnx: ends in the middle of .*the file is truncated/,
    ],
    ['an empty model file', withData('empty.onnx'), /empty\.onnx: is empty \(0 bytes\)/],
    ['a missing model', withData('missing.onnx'), /missing\.onnx: no such file/],
    ['only a ZipMap output', withData('zipmap-only.onnx'), /has no tensor output to read.*zipmap.*False/],
    [
      'logits read as probabilities',
      withData('binary-mlp-logit.onnx'),
      /does not hold probabilities: for data row 1.*set transform sigmoid/,
    ],
    [
      'the wrong number of features',
      withData('binary-logreg.onnx', 'wine.csv'),
      /input "input" expects 30 features \(float32\[N, 30\]\); .*wine\.csv gives 13/,
    ],
    [
      'a missing label column',
      withData('binary-logreg.onnx', 'breast-cancer.csv', 'binary', 'tgt'),
      /has no label column "tgt"/,
    ],
    [
      'text labels without classes',
      withData('per-column-inputs.onnx', 'penguins.csv', 'multiclass', 'species'),
      /row 1 \(line 2\), column "species": label "Adelie" is not an integer class index; give classes/,
    ],
    [
      'a label the model does not know',
      [
        ...withData('per-column-inputs.onnx', 'penguins.csv', 'multiclass', 'species'),
        '--classes',
        'Adelie,Gentoo,Other',
      ],
      /label "Chinstrap" is not one of the model's classes \(Adelie, Gentoo, Other\)/,
    ],
    [
      'an unknown metric',
      binary('--threshold', 'acuracy>=0.9'),
      /Unknown metric "acuracy".*did you mean "accuracy"/,
    ],
    ['a malformed threshold', binary('--threshold', 'accuracy=0.9'), /"accuracy=0\.9" is not a threshold/],
    ['a bad shard', binary('--shard', '3/2'), /"3\/2" is not a shard/],
    [
      'an unknown task',
      ['evaluate', '--model', 'm.onnx', '--data', 'd.csv', '--task', 'ranking', '--label', 'y'],
      /--task must be one of binary, multiclass, regression/,
    ],
    ['missing required options', ['evaluate', '--model', 'm.onnx'], /--data, --task, --label are required/],
  ])('%s', (_name, args, message) => {
    const r = mlgate([...args, '--out', 'out']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(r.cwd, 'out/evaluation.json'))).toBe(false);
    expect(existsSync(join(r.cwd, 'out/predictions.parquet'))).toBe(false);
  });

  it('text in a feature column, named by row and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    const lines = readFileSync(join(data, 'breast-cancer.csv'), 'utf8').split('\n');
    lines[3] = lines[3].replace(/^[^,]*/, 'abc');
    writeFileSync(join(dir, 'text.csv'), lines.join('\n'));
    const r = mlgate(
      [
        'evaluate',
        '--model',
        join(models, 'binary-logreg.onnx'),
        '--data',
        'text.csv',
        '--task',
        'binary',
        '--label',
        'target',
      ],
      dir,
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /text\.csv: row 3 \(line 4\), column "mean radius": "abc" is not a number, and the model's input is float32/,
    );
  });

  it('a per-column model on data without its columns', () => {
    const r = mlgate([
      ...[
        'evaluate',
        '--model',
        join(models, 'per-column-inputs.onnx'),
        '--data',
        join(data, 'breast-cancer.csv'),
      ],
      ...['--task', 'multiclass', '--label', 'target', '--classes', 'Adelie,Chinstrap,Gentoo'],
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /the model takes one input per column, and .*breast-cancer\.csv has no column named "island" \(string\[N, 1\]\)/,
    );
  });

  it('an empty dataset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    const header = readFileSync(join(data, 'breast-cancer.csv'), 'utf8').split('\n')[0];
    writeFileSync(join(dir, 'empty.csv'), `${header}\n`);
    const r = mlgate(
      [
        'evaluate',
        '--model',
        join(models, 'binary-logreg.onnx'),
        '--data',
        'empty.csv',
        '--task',
        'binary',
        '--label',
        'target',
      ],
      dir,
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/empty\.csv: has no data rows to evaluate/);
  });

  it('NaN predictions stop the run naming the row, or are dropped and counted with --non-finite drop', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    const lines = readFileSync(join(data, 'breast-cancer.csv'), 'utf8').split('\n');
    lines[5] = lines[5].replace(/^[^,]*/, ''); // data row 5 loses its first feature: fed as NaN
    writeFileSync(join(dir, 'gap.csv'), lines.join('\n'));
    const args = [
      'evaluate',
      '--model',
      join(models, 'binary-logreg.onnx'),
      '--data',
      'gap.csv',
      '--task',
      'binary',
      '--label',
      'target',
      '--no-latency',
    ];
    const stop = mlgate(args, dir);
    expect(stop.status).toBe(2);
    expect(stop.stderr).toMatch(/output "probabilities" is NaN or infinite for data row 5.*non-finite: drop/);
    const drop = mlgate([...args, '--non-finite', 'drop'], dir);
    expect(drop.status).toBe(0);
    const result = readJson(join(dir, 'mlgate-out/evaluation.json'));
    expect(result.rows).toBe(170);
    expect(result.non_finite).toEqual({ count: 1, rows: [5], policy: 'drop' });
    expect(result.missing_cells).toEqual({ 'mean radius': 1 });
  });
});

describe('mlgate merge', () => {
  const scoring = [
    '--threshold',
    'roc_auc>=0.95@ci-lower',
    '--ci',
    'accuracy,f1',
    '--slice',
    'mean radius:q4',
    '--batch-size',
    '20',
  ];

  it('gives exactly the metrics, CIs and slices of the unsharded run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-merge-'));
    const whole = mlgate(binary(...scoring, '--out', 'whole'), dir);
    expect(whole.status).toBe(0);
    for (const i of [1, 2, 3]) {
      const shard = mlgate(binary(...scoring, '--shard', `${i}/3`, '--out', `shard-${i}`), dir);
      expect(shard.status).toBe(0);
      expect(shard.stdout).toMatch(/shard: thresholds are judged by mlgate merge/);
    }
    const merged = mlgate(
      ['merge', 'shard-3', 'shard-1/predictions.parquet', 'shard-2', '--out', 'merged'],
      dir,
    );
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    const a = readJson(join(dir, 'whole/evaluation.json'));
    const b = readJson(join(dir, 'merged/evaluation.json'));
    expect(b.rows).toBe(a.rows);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.per_class).toEqual(a.per_class);
    expect(b.ci).toEqual(a.ci);
    expect(Object.keys(b.ci).sort()).toEqual(['accuracy', 'f1', 'roc_auc']);
    expect(b.slices).toEqual(a.slices);
    expect(b.thresholds).toEqual(a.thresholds);
    expect(b.merged_from).toEqual([
      'shard-3/predictions.parquet',
      'shard-1/predictions.parquet',
      'shard-2/predictions.parquet',
    ]);
  });

  it('multiclass with a by-value slice of a numeric column: the merge still equals the unsharded run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-merge-'));
    const run = (...extra: string[]) =>
      mlgate(
        [
          ...['evaluate', '--model', join(models, 'multiclass-mlp.onnx'), '--data', join(data, 'digits.csv')],
          ...[
            '--task',
            'multiclass',
            '--label',
            'digit',
            '--no-latency',
            '--slice',
            'pixel_10',
            '--min-slice-size',
            '5',
          ],
          ...['--ci', 'f1_macro', '--bootstrap', '200', ...extra],
        ],
        dir,
      );
    expect(run('--out', 'whole').status).toBe(0);
    expect(run('--shard', '1/2', '--out', 'a').status).toBe(0);
    expect(run('--shard', '2/2', '--out', 'b').status).toBe(0);
    const merged = mlgate(['merge', 'a', 'b', '--out', 'merged'], dir);
    expect(merged.status).toBe(0);
    const a = readJson(join(dir, 'whole/evaluation.json'));
    const b = readJson(join(dir, 'merged/evaluation.json'));
    expect(a.slices.length).toBeGreaterThan(5);
    expect(b.slices).toEqual(a.slices);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.ci).toEqual(a.ci);
  });

  it('a model whose outputs depend on the batch: merged shards equal the unsharded run bit for bit', async () => {
    // per-column-inputs.onnx gives slightly different float32 outputs for a row in batches of other
    // rows; shards take whole batches, so each row is computed beside the same rows as unsharded.
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-merge-'));
    const run = (...extra: string[]) =>
      mlgate(
        [
          ...[
            'evaluate',
            '--model',
            join(models, 'per-column-inputs.onnx'),
            '--data',
            join(data, 'penguins.csv'),
          ],
          ...['--task', 'multiclass', '--label', 'species', '--classes', 'Adelie,Chinstrap,Gentoo'],
          ...['--no-latency', '--batch-size', '25', ...extra],
        ],
        dir,
      );
    expect(run('--out', 'whole').status).toBe(0);
    for (const i of [1, 2, 3, 4]) expect(run('--shard', `${i}/4`, '--out', `s${i}`).status).toBe(0);
    expect(mlgate(['merge', 's1', 's2', 's3', 's4', '--out', 'merged'], dir).status).toBe(0);
    const { readPredictionsFile } = await import('../../src/core/evaluate/predictions-read.js');
    const a = await readPredictionsFile(join(dir, 'whole/predictions.parquet'));
    const b = await readPredictionsFile(join(dir, 'merged/predictions.parquet'));
    expect(Array.from(b.predictions.proba!)).toEqual(Array.from(a.predictions.proba!));
    expect(readJson(join(dir, 'merged/evaluation.json')).metrics).toEqual(
      readJson(join(dir, 'whole/evaluation.json')).metrics,
    );
  });

  it('refuses a missing shard, a repeated shard and shards of another model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-merge-'));
    for (const i of [1, 2]) expect(mlgate(binary('--shard', `${i}/3`, '--out', `s${i}`), dir).status).toBe(0);
    const missing = mlgate(['merge', 's1', 's2', '--out', 'm'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/shard 3\/3 missing; a merge needs all 3/);
    expect(mlgate(binary('--shard', '1/3', '--out', 'again'), dir).status).toBe(0);
    const twice = mlgate(['merge', 's1', 'again', 's2', '--out', 'm'], dir);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/are both shard 1\/3/);
    const other = mlgate(
      [
        'evaluate',
        '--model',
        join(models, 'binary-mlp-logit.onnx'),
        '--transform',
        'sigmoid',
        '--data',
        join(data, 'breast-cancer.csv'),
        '--task',
        'binary',
        '--label',
        'target',
        '--no-latency',
        '--shard',
        '3/3',
        '--out',
        's3',
      ],
      dir,
    );
    expect(other.status).toBe(0);
    const mixed = mlgate(['merge', 's1', 's2', 's3', '--out', 'm'], dir);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/come from different runs: model sha256/);
  });
});

describe('mlgate evaluate: formats, class order and stale results', () => {
  const csvToJsonl = (csv: string) => {
    const [head, ...rows] = csv.trim().split('\n');
    const names = head.split(',');
    return `${rows.map((r) => JSON.stringify(Object.fromEntries(r.split(',').map((v, i) => [names[i], Number(v)])))).join('\n')}\n`;
  };

  it('JSON Lines data: the same metrics as the CSV, also sharded and merged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    writeFileSync(join(dir, 'bc.jsonl'), csvToJsonl(readFileSync(join(data, 'breast-cancer.csv'), 'utf8')));
    const args = (file: string, ...extra: string[]) => [
      ...['evaluate', '--model', join(models, 'binary-logreg.onnx'), '--data', file],
      ...['--task', 'binary', '--label', 'target', '--no-latency', ...extra],
    ];
    expect(mlgate(args('bc.jsonl', '--out', 'jsonl'), dir).status).toBe(0);
    expect(mlgate(args(join(data, 'breast-cancer.csv'), '--out', 'csv'), dir).status).toBe(0);
    for (const i of [1, 2])
      expect(mlgate(args('bc.jsonl', '--shard', `${i}/2`, '--out', `s${i}`), dir).status).toBe(0);
    expect(mlgate(['merge', 's*', '--out', 'merged'], dir).status).toBe(0);
    const jsonl = readJson(join(dir, 'jsonl/evaluation.json'));
    expect(jsonl.rows).toBe(171);
    expect(jsonl.metrics).toEqual(readJson(join(dir, 'csv/evaluation.json')).metrics);
    expect(readJson(join(dir, 'merged/evaluation.json')).metrics).toEqual(jsonl.metrics);
  });

  it('the merged predictions keep every data row, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-merge-'));
    for (const i of [1, 2, 3])
      expect(mlgate(binary('--shard', `${i}/3`, '--out', `s${i}`), dir).status).toBe(0);
    expect(mlgate(['merge', 's1', 's2', 's3', '--out', 'merged'], dir).status).toBe(0);
    const { readPredictionsFile } = await import('../../src/core/evaluate/predictions-read.js');
    const merged = await readPredictionsFile(join(dir, 'merged/predictions.parquet'));
    const rows = merged.predictions.rows;
    expect(Array.from(rows.slice(0, rows.length))).toEqual(Array.from({ length: 171 }, (_, i) => i + 1));
    expect(merged.predictions.probaType).toBe('FLOAT');
  });

  it('multiclass integer labels sorted by class, read in small batches: the first batch need not hold every class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    const [head, ...rows] = readFileSync(join(data, 'wine.csv'), 'utf8').trim().split('\n');
    const label = (r: string) => Number(r.split(',').at(-1));
    writeFileSync(
      join(dir, 'sorted.csv'),
      `${[head, ...rows.sort((a, b) => label(a) - label(b))].join('\n')}\n`,
    );
    const args = [
      'evaluate',
      '--model',
      join(models, 'tree-ensemble-classifier.onnx'),
      '--task',
      'multiclass',
      '--label',
      'target',
      '--no-latency',
    ];
    const r = mlgate([...args, '--data', 'sorted.csv', '--batch-size', '16'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bad = [...rows];
    bad[3] = bad[3].replace(/,[0-9.]+$/, ',5');
    writeFileSync(join(dir, 'bad.csv'), `${[head, ...bad].join('\n')}\n`);
    const b = mlgate([...args, '--data', 'bad.csv'], dir);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(
      /bad\.csv: row 4 \(line 5\), column "target": label 5 is not a class of the model \(class indices 0\.\.2\)/,
    );
  });

  it('classes in another order than the probability columns stop the run instead of giving wrong AUCs', () => {
    const r = mlgate([
      ...[
        'evaluate',
        '--model',
        join(models, 'per-column-inputs.onnx'),
        '--data',
        join(data, 'penguins.csv'),
      ],
      ...[
        '--task',
        'multiclass',
        '--label',
        'species',
        '--classes',
        'Gentoo,Adelie,Chinstrap',
        '--no-latency',
      ],
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /its label output and its probabilities disagree on 334 of 334 rows .*not in the order of the model's probability columns/,
    );
  });

  it('a mistake in the flags removes the results of an earlier run, so no stale verdict is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    expect(mlgate(binary('--out', 'out'), dir).status).toBe(0);
    expect(existsSync(join(dir, 'out/evaluation.json'))).toBe(true);
    const r = mlgate(binary('--threshold', 'accuracy>0.9', '--out', 'out'), dir);
    expect(r.status).toBe(2);
    for (const f of ['evaluation.json', 'evaluation.md', 'predictions.parquet'])
      expect(existsSync(join(dir, 'out', f))).toBe(false);
  });

  it('latency thresholds with latency switched off are a configuration mistake', () => {
    const r = mlgate(binary('--threshold', 'latency_p95_ms<=20'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/latency is switched off .* but thresholds judge latency_p95_ms/);
  });

  it('one threshold per metric: the same metric twice (also under an alias) is a mistake', () => {
    const r = mlgate(binary('--threshold', 'accuracy>=0.5', '--threshold', 'accuracy_score>=0.99'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/accuracy has two thresholds \(given as "accuracy" and "accuracy_score"\)/);
    const same = mlgate(binary('--threshold', 'accuracy>=0.5', '--threshold', 'accuracy>=0.9@ci-lower'));
    expect(same.status).toBe(2);
    expect(same.stderr).toMatch(/accuracy is given twice/);
  });

  it("a flag's threshold replaces the config's on the same metric, whatever alias either uses", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    writeFileSync(
      join(dir, 'mlgate.yml'),
      [
        'version: 1',
        'evaluate:',
        `  model: ${join(models, 'binary-logreg.onnx')}`,
        `  data: ${join(data, 'breast-cancer.csv')}`,
        '  task: binary',
        '  label: target',
        '  latency: false',
        '  thresholds:',
        '    accuracy: 0.5',
        '    roc_auc: 0.9',
        '',
      ].join('\n'),
    );
    const r = mlgate(['evaluate', '--config', 'mlgate.yml', '--threshold', 'accuracy_score>=0.99'], dir);
    expect(r.status).toBe(1);
    const result = readJson(join(dir, 'mlgate-out/evaluation.json'));
    expect(
      result.thresholds.map((t: { metric: string; threshold: number }) => [t.metric, t.threshold]),
    ).toEqual([
      ['roc_auc', 0.9],
      ['accuracy', 0.99],
    ]);
  });

  it('a threshold on a CI that cannot be computed fails with the bootstrap reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-'));
    const [head, ...rows] = readFileSync(join(data, 'breast-cancer.csv'), 'utf8').trim().split('\n');
    const one = (label: string) => rows.find((r) => r.endsWith(`,${label}`))!;
    writeFileSync(join(dir, 'two.csv'), `${[head, one('0'), one('1')].join('\n')}\n`);
    const r = mlgate(
      [
        'evaluate',
        '--model',
        join(models, 'binary-logreg.onnx'),
        '--data',
        'two.csv',
        '--task',
        'binary',
        '--label',
        'target',
        '--no-latency',
        '--threshold',
        'roc_auc>=0.5@ci-lower',
        '--seed',
        '2', // seed 2: 501 of 1000 resamples draw one class only
      ],
      dir,
    );
    expect(r.status).toBe(1);
    const result = readJson(join(dir, 'mlgate-out/evaluation.json'));
    expect(result.ci.roc_auc).toBeNull();
    expect(result.thresholds[0].reason).toMatch(/^no confidence interval for roc_auc: /);
  });

  it('top_k_accuracy@K thresholds in the one-line form; K outside 2, 3, 5 is refused up front', () => {
    const args = (spec: string) => [
      ...['evaluate', '--model', join(models, 'multiclass-mlp.onnx'), '--data', join(data, 'digits.csv')],
      ...['--task', 'multiclass', '--label', 'digit', '--no-latency', '--threshold', spec],
    ];
    const ok = mlgate(args('top_k_accuracy@3>=0.9'));
    expect(ok.status).toBe(0);
    expect(readJson(join(ok.cwd, 'mlgate-out/evaluation.json')).thresholds[0]).toMatchObject({
      metric: 'top_k_accuracy@3',
      passed: true,
    });
    const four = mlgate(args('top_k_accuracy@4>=0.9'));
    expect(four.status).toBe(2);
    expect(four.stderr).toMatch(/top_k_accuracy is computed at k = 2, 3, 5/);
  });
});
