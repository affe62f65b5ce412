import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOnnxModelInfo } from '../../../src/core/model/onnx-file.js';
import { compareSignatures, signatureFromOnnx } from '../../../src/core/registry/signature-compat.js';
import type { SignatureComparison } from '../../../src/core/registry/signature-compat.js';
import type { ModelSignatureRecord, SignatureValue } from '../../../src/core/registry/types.js';

const MODELS = join('test', 'fixtures', 'models');

function tensor(name: string, dtype: string, shape?: (number | string | null)[]): SignatureValue {
  const dims = shape === undefined ? '' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
  return { name, kind: 'tensor', dtype, ...(shape && { shape }), description: `tensor(${dtype})${dims}` };
}

const zipmap = (name: string, key: string): SignatureValue => ({
  name,
  kind: 'sequence',
  description: `seq(map(${key}, float32))`,
});

const record = (
  inputs: SignatureValue[],
  outputs: SignatureValue[],
  classes?: string[],
): ModelSignatureRecord => ({ inputs, outputs, ...(classes && { classes }) });

/** The previous model of the table: one input, a label and a probabilities output. */
const base = (): ModelSignatureRecord =>
  record(
    [tensor('input', 'float32', ['N', 30])],
    [tensor('label', 'int64', ['N']), tensor('probabilities', 'float32', ['N', 2])],
  );

const none: SignatureComparison = { breaking: [], compatible: [] };

describe('compareSignatures', () => {
  it.each<[string, ModelSignatureRecord, ModelSignatureRecord, SignatureComparison]>([
    ['an identical signature', base(), base(), none],
    [
      'inputs and outputs in another order (matched by name)',
      base(),
      record(
        [tensor('input', 'float32', ['N', 30])],
        [tensor('probabilities', 'float32', ['N', 2]), tensor('label', 'int64', ['N'])],
      ),
      none,
    ],
    [
      'an input removed',
      record([tensor('age', 'float32', ['N', 1]), tensor('income', 'float32', ['N', 1])], []),
      record([tensor('age', 'float32', ['N', 1])], []),
      { breaking: ['input "income" removed'], compatible: [] },
    ],
    [
      'an input added',
      record([tensor('age', 'float32', ['N', 1])], []),
      record([tensor('age', 'float32', ['N', 1]), tensor('income', 'float64', ['N', 1])], []),
      { breaking: ['input "income" added (tensor(float64)[N, 1])'], compatible: [] },
    ],
    [
      "an input's dtype changed",
      record([tensor('age', 'float32', ['N', 1])], []),
      record([tensor('age', 'float64', ['N', 1])], []),
      { breaking: ['input "age" changed dtype float32 → float64'], compatible: [] },
    ],
    [
      "an input's kind changed (dtype and shape are then not compared)",
      record([tensor('x', 'float32', ['N'])], []),
      record([zipmap('x', 'int64')], []),
      { breaking: ['input "x" changed kind tensor → sequence'], compatible: [] },
    ],
    [
      'an input rank changed',
      record([tensor('input', 'float32', ['N', 30])], []),
      record([tensor('input', 'float32', ['N', 30, 1])], []),
      { breaking: ['input "input" changed rank 2 → 3 ([N, 30] → [N, 30, 1])'], compatible: [] },
    ],
    [
      'a fixed input dimension changed to another size',
      record([tensor('input', 'float32', ['N', 30])], []),
      record([tensor('input', 'float32', ['N', 31])], []),
      { breaking: ['input "input" dimension 1 changed 30 → 31'], compatible: [] },
    ],
    [
      'a symbolic input dimension became fixed',
      record([tensor('input', 'float32', ['N', 30])], []),
      record([tensor('input', 'float32', [1, 30])], []),
      { breaking: ['input "input" dimension 0 changed N → 1 (became fixed)'], compatible: [] },
    ],
    [
      'an unknown input dimension became fixed',
      record([tensor('input', 'float32', [null, 30])], []),
      record([tensor('input', 'float32', [8, 30])], []),
      { breaking: ['input "input" dimension 0 changed ? → 8 (became fixed)'], compatible: [] },
    ],
    [
      'a fixed input dimension relaxed to symbolic and to unknown',
      record([tensor('input', 'float32', [1, 30])], []),
      record([tensor('input', 'float32', ['batch', null])], []),
      {
        breaking: [],
        compatible: [
          'input "input" dimension 0 relaxed 1 → batch',
          'input "input" dimension 1 relaxed 30 → ?',
        ],
      },
    ],
    [
      'a symbolic dimension renamed',
      record([tensor('input', 'float32', ['N', 30])], []),
      record([tensor('input', 'float32', ['batch', 30])], []),
      { breaking: [], compatible: ['input "input" dimension 0 renamed N → batch'] },
    ],
    [
      'a symbolic dimension made unknown',
      record([tensor('input', 'float32', ['N', 30])], []),
      record([tensor('input', 'float32', [null, 30])], []),
      { breaking: [], compatible: ['input "input" dimension 0 changed N → ?'] },
    ],
    [
      'an absent shape on the previous side (any rank): one note, no dimension checks',
      record([tensor('input', 'float32')], []),
      record([tensor('input', 'float32', ['N', 30, 7])], []),
      {
        breaking: [],
        compatible: [
          'input "input" has no shape in the previous model (any rank), so its dimensions are not compared',
        ],
      },
    ],
    [
      'an absent shape on the next side',
      record([], [tensor('probabilities', 'float32', ['N', 2])]),
      record([], [tensor('probabilities', 'float32')]),
      {
        breaking: [],
        compatible: [
          'output "probabilities" has no shape in the next model (any rank), so its dimensions are not compared',
        ],
      },
    ],
    [
      'no shape on either side',
      record([tensor('input', 'float32')], []),
      record([tensor('input', 'float32')], []),
      none,
    ],
    [
      'an output removed',
      base(),
      record([tensor('input', 'float32', ['N', 30])], [tensor('probabilities', 'float32', ['N', 2])]),
      { breaking: ['output "label" removed'], compatible: [] },
    ],
    [
      'an output added',
      base(),
      record(
        [tensor('input', 'float32', ['N', 30])],
        [
          tensor('label', 'int64', ['N']),
          tensor('probabilities', 'float32', ['N', 2]),
          tensor('logits', 'float32', ['N', 2]),
        ],
      ),
      { breaking: [], compatible: ['output "logits" added (tensor(float32)[N, 2])'] },
    ],
    [
      "an output's dtype changed",
      record([], [tensor('label', 'int64', ['N'])]),
      record([], [tensor('label', 'string', ['N'])]),
      { breaking: ['output "label" changed dtype int64 → string'], compatible: [] },
    ],
    [
      "an output's kind changed (ZipMap added)",
      record([], [tensor('probabilities', 'float32', ['N', 2])]),
      record([], [zipmap('probabilities', 'int64')]),
      { breaking: ['output "probabilities" changed kind tensor → sequence'], compatible: [] },
    ],
    [
      "a sequence output's element type changed",
      record([], [zipmap('output_probability', 'int64')]),
      record([], [zipmap('output_probability', 'string')]),
      {
        breaking: [
          'output "output_probability" changed type seq(map(int64, float32)) → seq(map(string, float32))',
        ],
        compatible: [],
      },
    ],
    [
      "an output's rank changed",
      record([], [tensor('variable', 'float32', ['N', 1])]),
      record([], [tensor('variable', 'float32', ['N'])]),
      { breaking: ['output "variable" changed rank 2 → 1 ([N, 1] → [N])'], compatible: [] },
    ],
    [
      'a fixed output dimension changed',
      record([], [tensor('probabilities', 'float32', ['N', 3])]),
      record([], [tensor('probabilities', 'float32', ['N', 4])]),
      { breaking: ['output "probabilities" dimension 1 changed 3 → 4'], compatible: [] },
    ],
    [
      'a fixed output dimension relaxed',
      record([], [tensor('probabilities', 'float32', ['N', 3])]),
      record([], [tensor('probabilities', 'float32', ['N', 'C'])]),
      { breaking: [], compatible: ['output "probabilities" dimension 1 relaxed 3 → C'] },
    ],
    [
      'a symbolic output dimension became fixed (a reader of any size reads this one)',
      record([], [tensor('probabilities', 'float32', ['N', 'C'])]),
      record([], [tensor('probabilities', 'float32', ['N', 3])]),
      { breaking: [], compatible: ['output "probabilities" dimension 1 became fixed C → 3'] },
    ],
    [
      'classes in another order',
      record([], [], ['cat', 'dog']),
      record([], [], ['dog', 'cat']),
      { breaking: ['classes changed order ["cat", "dog"] → ["dog", "cat"]'], compatible: [] },
    ],
    [
      'classes replaced and added',
      record([], [], ['cat', 'dog']),
      record([], [], ['cat', 'fox', 'owl']),
      { breaking: ['classes changed: removed ["dog"], added ["fox", "owl"]'], compatible: [] },
    ],
    [
      'a class repeated (same set, other length)',
      record([], [], ['a', 'b']),
      record([], [], ['a', 'b', 'b']),
      { breaking: ['classes changed: ["a", "b"] → ["a", "b", "b"]'], compatible: [] },
    ],
    [
      'classes declared by the next model only',
      record([], []),
      record([], [], ['0', '1']),
      { breaking: [], compatible: ['classes declared by the next model only: ["0", "1"]'] },
    ],
    [
      'classes declared by the previous model only',
      record([], [], ['0', '1']),
      record([], []),
      { breaking: [], compatible: ['classes declared by the previous model only: ["0", "1"]'] },
    ],
    ['identical classes', record([], [], ['a', 'b']), record([], [], ['a', 'b']), none],
    [
      'a name with a quote and a newline stays one readable quoted name',
      record([tensor('a"b\nc', 'float32', ['N'])], []),
      record([], []),
      { breaking: ['input "a\\"b\\nc" removed'], compatible: [] },
    ],
  ])('%s', (_name, previous, next, expected) => {
    expect(compareSignatures(previous, next)).toEqual(expected);
  });

  it('lists several changes in a fixed order: inputs, outputs, classes; breaking and compatible apart', () => {
    const previous = record(
      [tensor('b', 'float32', ['N', 1]), tensor('a', 'float32', [4, 1])],
      [tensor('label', 'int64', ['N']), tensor('probabilities', 'float32', ['N', 2])],
      ['x', 'y'],
    );
    const next = record(
      [tensor('c', 'int64', ['N', 1]), tensor('a', 'float64', ['N', 1])],
      [tensor('probabilities', 'float32', ['N', 3]), tensor('extra', 'float32', ['N'])],
      ['y', 'x'],
    );
    expect(compareSignatures(previous, next)).toEqual({
      breaking: [
        'input "b" removed',
        'input "a" changed dtype float32 → float64',
        'input "c" added (tensor(int64)[N, 1])',
        'output "label" removed',
        'output "probabilities" dimension 1 changed 2 → 3',
        'classes changed order ["x", "y"] → ["y", "x"]',
      ],
      compatible: ['input "a" dimension 0 relaxed 4 → N', 'output "extra" added (tensor(float32)[N])'],
    });
  });
});

describe('signatureFromOnnx and compareSignatures on the fixture models', () => {
  const signature = async (file: string, classes?: string[]) =>
    signatureFromOnnx(await readOnnxModelInfo(join(MODELS, file)), classes);

  it('records the inputs and outputs as the file declares them (checked against onnx.load)', async () => {
    // binary-logreg.onnx per onnx 1.12's onnx.load: input float[N,30]; label int64[N]; probabilities float[N,2].
    expect(await signature('binary-logreg.onnx', ['0', '1'])).toEqual({
      inputs: [
        {
          name: 'input',
          kind: 'tensor',
          dtype: 'float32',
          shape: ['N', 30],
          description: 'tensor(float32)[N, 30]',
        },
      ],
      outputs: [
        { name: 'label', kind: 'tensor', dtype: 'int64', shape: ['N'], description: 'tensor(int64)[N]' },
        {
          name: 'probabilities',
          kind: 'tensor',
          dtype: 'float32',
          shape: ['N', 2],
          description: 'tensor(float32)[N, 2]',
        },
      ],
      classes: ['0', '1'],
    });
  });

  it('keeps only the description of a ZipMap output and leaves classes out when not given', async () => {
    const record = await signature('zipmap-with-label.onnx');
    // onnx.load: sequence_type { map_type { key_type: 7 (int64), value_type: float tensor, shape {} (scalar) } }.
    expect(record.outputs[1]).toEqual({
      name: 'output_probability',
      kind: 'sequence',
      description: 'seq(map(int64, float32[]))',
    });
    expect(Object.hasOwn(record, 'classes')).toBe(false);
  });

  it('copies the classes it is given', async () => {
    const classes = ['a', 'b'];
    const record = await signature('binary-logreg.onnx', classes);
    classes.push('c');
    expect(record.classes).toEqual(['a', 'b']);
  });

  it('finds no change between binary-logreg.onnx and itself', async () => {
    expect(
      compareSignatures(await signature('binary-logreg.onnx'), await signature('binary-logreg.onnx')),
    ).toEqual(none);
  });

  it('binary-logreg.onnx → multiclass-mlp.onnx: 30 → 64 features, label gone, 2 → 10 columns', async () => {
    // multiclass-mlp.onnx: input float[N,64]; probabilities float[N,10]; no label output.
    expect(
      compareSignatures(await signature('binary-logreg.onnx'), await signature('multiclass-mlp.onnx')),
    ).toEqual({
      breaking: [
        'input "input" dimension 1 changed 30 → 64',
        'output "label" removed',
        'output "probabilities" dimension 1 changed 2 → 10',
      ],
      compatible: [],
    });
  });

  it('per-column-inputs.onnx → binary-logreg.onnx: six column inputs removed, one matrix input added', async () => {
    // per-column-inputs.onnx: island, sex string[N,1]; four numeric columns; label string[N]; probabilities float[N,3].
    expect(
      compareSignatures(await signature('per-column-inputs.onnx'), await signature('binary-logreg.onnx')),
    ).toEqual({
      breaking: [
        'input "island" removed',
        'input "sex" removed',
        'input "bill_length_mm" removed',
        'input "bill_depth_mm" removed',
        'input "flipper_length_mm" removed',
        'input "body_mass_g" removed',
        'input "input" added (tensor(float32)[N, 30])',
        'output "label" changed dtype string → int64',
        'output "probabilities" dimension 1 changed 3 → 2',
      ],
      compatible: [],
    });
  });

  it('zipmap-with-label.onnx → binary-logreg.onnx: the ZipMap output is gone, probabilities added', async () => {
    expect(
      compareSignatures(await signature('zipmap-with-label.onnx'), await signature('binary-logreg.onnx')),
    ).toEqual({
      breaking: ['output "output_probability" removed'],
      compatible: ['output "probabilities" added (tensor(float32)[N, 2])'],
    });
  });

  it('binary-logreg.onnx → tree-ensemble-classifier.onnx with classes: features, columns and classes', async () => {
    expect(
      compareSignatures(
        await signature('binary-logreg.onnx', ['0', '1']),
        await signature('tree-ensemble-classifier.onnx', ['0', '1', '2']),
      ),
    ).toEqual({
      breaking: [
        'input "input" dimension 1 changed 30 → 13',
        'output "probabilities" dimension 1 changed 2 → 3',
        'classes changed: added ["2"]',
      ],
      compatible: [],
    });
  });
});
