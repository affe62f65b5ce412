import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../src/core/config/load-config.js';
import type { EvaluateConfig, MlgateConfig } from '../../../src/core/config/types.js';

const GOOD = fileURLToPath(new URL('../../fixtures/config/good/', import.meta.url));
const schema = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../schemas/mlgate.schema.json', import.meta.url)), 'utf8'),
) as Record<string, unknown> & { $id: string; $defs: Record<string, Record<string, unknown>> };

/** The message of the error `fn` throws (fails the test when it throws nothing). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

/** A config with the required evaluate keys and `extra` lines (indented under evaluate) after them. */
function evaluateConfig(...extra: string[]): EvaluateConfig | undefined {
  const text = [
    'version: 1',
    'evaluate:',
    '  model: m.onnx',
    '  data: d.csv',
    '  task: binary',
    '  label: y',
    ...extra.map((line) => `  ${line}`),
    '',
  ].join('\n');
  return parseConfig(text, 'mlgate.yml').evaluate;
}

const REQUIRED = { model: 'm.onnx', data: 'd.csv', task: 'binary', label: 'y' } as const;

describe('the evaluate section', () => {
  it('loads every documented key into the typed config, shorthands expanded and keys in camelCase', async () => {
    const path = join(GOOD, 'evaluate-full.yml');
    const expected: MlgateConfig = {
      version: 1,
      path,
      evaluate: {
        model: 'model.onnx',
        data: 'data/test.csv',
        task: 'binary',
        label: 'target',
        classes: ['0', '1'],
        positiveClass: '1',
        features: ['a', 'b'],
        exclude: ['id'],
        inputMode: 'auto',
        outputs: { probabilities: 'probabilities', label: 'label', value: 'variable', transform: 'none' },
        batchSize: 8192,
        nonFinite: 'error',
        executionProvider: 'cpu',
        fallback: 'none',
        threads: 2,
        thresholds: {
          accuracy: { threshold: 0.9 },
          roc_auc: { threshold: 0.95, on: 'ci-lower' },
          log_loss: { threshold: 0.3, greaterIsBetter: false },
          latency_p95_ms: { threshold: 20 },
          'recall[1]': { threshold: 0.8, on: 'ci-pessimistic' },
        },
        bootstrap: { resamples: 1000, seed: 0, level: 0.95, metrics: ['roc_auc', 'accuracy'] },
        slices: [
          {
            column: 'island',
            minSize: 30,
            thresholds: {
              accuracy: { threshold: 0.8 },
              'f1-macro': { threshold: 0.7, greaterIsBetter: true },
            },
            metrics: ['accuracy', 'f1_macro'],
          },
          { column: 'body_mass_g', bins: [3000, 4000, 5000] },
          { column: 'bill_length_mm', quantiles: 4 },
        ],
        latency: { warmup: 10, runs: 200, maxSeconds: 3 },
        predictions: true,
      },
    };
    expect(await loadConfig(path)).toStrictEqual(expected);
  });

  it('keeps the keys in the order they were written', async () => {
    const config = await loadConfig(join(GOOD, 'evaluate-full.yml'));
    expect(Object.keys(config.evaluate ?? {}).slice(0, 7)).toEqual([
      'model',
      'data',
      'task',
      'label',
      'classes',
      'positiveClass',
      'features',
    ]);
  });

  it('makes a file with version 1 and only an evaluate section valid, without inventing defaults', async () => {
    const path = join(GOOD, 'evaluate-only.yml');
    expect(await loadConfig(path)).toStrictEqual({
      version: 1,
      path,
      evaluate: {
        model: 'models/penguins.onnx',
        data: 'data/penguins.csv',
        task: 'multiclass',
        label: 'species',
        classes: ['Adelie', 'Chinstrap', 'Gentoo'],
        thresholds: { accuracy: { threshold: 0.9 } },
        latency: false,
      },
    });
  });

  it('loads the four required keys alone', () => {
    expect(evaluateConfig()).toStrictEqual(REQUIRED);
  });

  it('sits next to validate', () => {
    const config = parseConfig(
      'version: 1\nvalidate:\n  data: d.csv\nevaluate: { model: m.onnx, data: d.csv, task: regression, label: y }\n',
      'mlgate.yml',
    );
    expect(config.validate).toStrictEqual({ data: ['d.csv'] });
    expect(config.evaluate).toStrictEqual({ ...REQUIRED, task: 'regression' });
  });

  it('reads latency: true as the default settings and latency: false as off', () => {
    expect(evaluateConfig('latency: true')?.latency).toStrictEqual({});
    expect(evaluateConfig('latency: false')?.latency).toBe(false);
    expect(evaluateConfig('latency: {}')?.latency).toStrictEqual({});
  });

  it('turns integer class names and positive class into their decimal text', () => {
    const evaluate = evaluateConfig('classes: [-1, 1]', 'positive-class: -1');
    expect(evaluate?.classes).toStrictEqual(['-1', '1']);
    expect(evaluate?.positiveClass).toBe('-1');
    expect(evaluateConfig('classes: ["0", 7]')?.classes).toStrictEqual(['0', '7']);
  });

  it('leaves metric names to the metric catalogue, spelled exactly as written', () => {
    // Unknown names load; the catalogue rejects them with a did-you-mean when the evaluation starts.
    const evaluate = evaluateConfig(
      'thresholds:',
      '  accurracy: 0.9',
      '  f1-macro: { threshold: 0.5 }',
      '  max-seconds: 2',
      '  greater-is-better: { threshold: 1, greater-is-better: true }',
      '  "top_k_accuracy@3": 0.8',
    );
    expect(evaluate?.thresholds).toStrictEqual({
      accurracy: { threshold: 0.9 },
      'f1-macro': { threshold: 0.5 },
      'max-seconds': { threshold: 2 },
      'greater-is-better': { threshold: 1, greaterIsBetter: true },
      'top_k_accuracy@3': { threshold: 0.8 },
    });
  });

  it('keeps every `on` value as given, and accepts negative and zero thresholds', () => {
    const evaluate = evaluateConfig(
      'thresholds:',
      '  a: { threshold: 0, on: value }',
      '  b: { threshold: -1.5, on: ci-lower }',
      '  c: { threshold: 2, on: ci-upper }',
      '  d: { threshold: 3, on: ci-pessimistic }',
    );
    expect(evaluate?.thresholds).toStrictEqual({
      a: { threshold: 0, on: 'value' },
      b: { threshold: -1.5, on: 'ci-lower' },
      c: { threshold: 2, on: 'ci-upper' },
      d: { threshold: 3, on: 'ci-pessimistic' },
    });
  });

  it('accepts a slice with neither bins nor quantiles (a categorical column)', () => {
    expect(evaluateConfig('slices: [{ column: island }]')?.slices).toStrictEqual([{ column: 'island' }]);
  });

  it('accepts the label in exclude', () => {
    expect(evaluateConfig('exclude: [id, y]')?.exclude).toStrictEqual(['id', 'y']);
  });
});

describe('mistakes in the evaluate section', () => {
  it.each([
    [
      'thresholds: { accuracy: "0.9" }',
      'c.yml:7:27: evaluate.thresholds.accuracy must be a number or a mapping, got "0.9"',
    ],
    [
      'thresholds: { accuracy: [0.9] }',
      'c.yml:7:27: evaluate.thresholds.accuracy must be a number or a mapping, got a list',
    ],
    [
      'thresholds: { accuracy: { threshold: high } }',
      'c.yml:7:40: evaluate.thresholds.accuracy.threshold must be a number, got "high"',
    ],
    ['thresholds: [accuracy]', 'c.yml:7:15: evaluate.thresholds must be a mapping, got a list'],
    [
      'slices: [{ column: a, bins: [1, 1] }]',
      'c.yml:7:35: evaluate.slices[0].bins must be strictly increasing; 1 follows 1',
    ],
    ['slices: [{ column: a, bins: [1] }]', 'c.yml:7:31: evaluate.slices[0].bins must list at least 2 items'],
    ['slices: [{ bins: [1, 2] }]', 'c.yml:7:12: missing required key "column" in evaluate.slices[0]'],
    [
      'slices: [{ column: a, quantile: 4 }]',
      'c.yml:7:25: unknown key "quantile" in evaluate.slices[0]; did you mean "quantiles"?',
    ],
    ['classes: [a]', 'c.yml:7:12: evaluate.classes must list at least 2 items'],
    ['classes: [a, a]', 'c.yml:7:16: evaluate.classes lists "a" more than once'],
    [
      'classes: [0.5, 1]',
      'c.yml:7:13: evaluate.classes[0] must be a string or an integer, got 0.5; write "0.5" in quotes to make it a string',
    ],
    [
      'positive-class: true',
      'c.yml:7:19: evaluate.positive-class must be a string or an integer, got true; write "true" in quotes to make it a string',
    ],
    [
      'input-mode: columns',
      'c.yml:7:15: evaluate.input-mode must be one of auto, tensor, per-column, got "columns"',
    ],
    ['non-finite: skip', 'c.yml:7:15: evaluate.non-finite must be one of error, drop, got "skip"'],
    [
      'fallback: gpu',
      'c.yml:7:13: evaluate.fallback must be one of none, cpu, got "gpu"; did you mean "cpu"?',
    ],
    ['batch-size: 2000000', 'c.yml:7:15: evaluate.batch-size must be ≥ 1 and ≤ 1048576, got 2000000'],
    ['threads: 0', 'c.yml:7:12: evaluate.threads must be ≥ 1, got 0'],
    ['bootstrap: { seed: -1 }', 'c.yml:7:22: evaluate.bootstrap.seed must be ≥ 0, got -1'],
    ['bootstrap: { level: 1 }', 'c.yml:7:23: evaluate.bootstrap.level must be > 0 and < 1, got 1'],
    ['bootstrap: { metrics: [] }', 'c.yml:7:25: evaluate.bootstrap.metrics must list at least one item'],
    ['latency: { max-seconds: 0 }', 'c.yml:7:27: evaluate.latency.max-seconds must be > 0, got 0'],
    [
      'latency: { warmup: 1, run: 5 }',
      'c.yml:7:25: unknown key "run" in evaluate.latency; did you mean "runs"?',
    ],
    ['predictions: "yes"', 'c.yml:7:16: evaluate.predictions must be true or false, got "yes"'],
    ['batchSize: 10', 'c.yml:7:3: unknown key "batchSize" in evaluate; did you mean "batch-size"?'],
  ])('%s', (line, message) => {
    const text = `version: 1\nevaluate:\n  model: m.onnx\n  data: d.csv\n  task: binary\n  label: y\n  ${line}\n`;
    expect(errorOf(() => parseConfig(text, 'c.yml'))).toBe(message);
  });

  it('reports positive-class on regression and classes on regression together, at their keys', () => {
    const text =
      'version: 1\nevaluate:\n  model: m\n  data: d\n  task: regression\n  label: y\n  classes: [a, b]\n  positive-class: a\n';
    expect(errorOf(() => parseConfig(text, 'c.yml'))).toBe(
      [
        'c.yml:7:3: evaluate.classes applies to tasks binary and multiclass only; task is "regression"',
        'c.yml:8:3: evaluate.positive-class applies to task binary only; task is "regression"',
      ].join('\n'),
    );
  });

  it('accepts positive-class on binary, as an integer matching integer classes', () => {
    expect(evaluateConfig('classes: [0, 1]', 'positive-class: 0')?.positiveClass).toBe('0');
    expect(errorOf(() => evaluateConfig('classes: [0, 1]', 'positive-class: 2'))).toBe(
      'mlgate.yml:8:19: evaluate.positive-class "2" is not one of evaluate.classes (0, 1)',
    );
  });
});

describe('the evaluate schema', () => {
  const defs = schema.$defs;

  it('declares metric-name maps through additionalProperties, so names keep their spelling', () => {
    expect(defs.thresholds.properties).toBeUndefined();
    expect(defs.thresholds.additionalProperties).toEqual({ $ref: '#/$defs/threshold' });
  });

  it('closes every object of the section to unknown keys', () => {
    for (const name of ['evaluate', 'evaluate-outputs', 'threshold', 'bootstrap', 'slice', 'latency']) {
      expect(defs[name].additionalProperties, name).toBe(false);
    }
  });

  it('has examples that are valid where they are given', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    ajv.addSchema(schema);
    const checked: string[] = [];
    const walk = (node: unknown, pointer: string): void => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      const object = node as Record<string, unknown>;
      if (Array.isArray(object.examples)) {
        const validate = ajv.getSchema(`${schema.$id}#${pointer}`);
        for (const example of object.examples) {
          expect(validate?.(example), `${pointer}: ${JSON.stringify(example)}`).toBe(true);
        }
        checked.push(pointer);
      }
      for (const [key, child] of Object.entries(object)) {
        if (key !== 'examples' && key !== 'if') walk(child, `${pointer}/${key}`);
      }
    };
    walk(schema, '');
    expect(checked).toContain('');
    expect(checked).toContain('/$defs/evaluate');
    expect(checked).toContain('/$defs/threshold');
    expect(checked.length).toBeGreaterThan(20);
  });

  it('has an example of the whole file that loads with an evaluate section', () => {
    const example = (schema.examples as Record<string, unknown>[]).find((e) => 'evaluate' in e);
    const config = parseConfig(JSON.stringify(example), 'example.json');
    expect(config.evaluate?.thresholds?.roc_auc).toStrictEqual({ threshold: 0.95, on: 'ci-lower' });
  });
});
