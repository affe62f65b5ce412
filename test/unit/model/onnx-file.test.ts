import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { parseOnnxModel, readOnnxModelInfo } from '../../../src/core/model/onnx-file.js';
import type { OnnxModelInfo } from '../../../src/core/model/onnx-file.js';

/** Written by scripts/reference/make_introspect_fixtures.py from onnx's own parser (onnx.load). */
const FIXTURES = join('test', 'fixtures', 'onnx-introspect');
type Expected = Omit<OnnxModelInfo, never> & { prefixes: { bytes: number; valid: boolean }[] };
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
>;
const fixtureNames = Object.keys(expected).filter((name) => name.endsWith('.onnx'));
const fixtureBytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

const tmp = mkdtempSync(join(tmpdir(), 'mlgate-onnx-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function withoutPrefixes({ prefixes: _prefixes, ...info }: Expected): OnnxModelInfo {
  return info;
}

function parseError(bytes: Uint8Array, name = 'model.onnx'): ConfigurationError {
  try {
    parseOnnxModel(bytes, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError, the model parsed');
}

async function readError(path: string): Promise<string> {
  const error = await readOnnxModelInfo(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
}

// A tiny protobuf writer, to build models the Python script cannot (or should not) commit.
const varint = (value: number): number[] => {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
};
const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const key = (field: number, wireType: number) => varint(field * 8 + wireType);
const int = (field: number, value: number) => concat(key(field, 0), varint(value));
const bytesField = (field: number, ...value: (Uint8Array | number[])[]) => {
  const body = concat(...value);
  return concat(key(field, 2), varint(body.length), body);
};
const text = (field: number, value: string) => bytesField(field, new TextEncoder().encode(value));

/** TypeProto { tensor_type { elem_type, shape { dim... } } } */
const tensorType = (elemType: number, dims: (number | string)[]) =>
  bytesField(
    1,
    int(1, elemType),
    bytesField(2, ...dims.map((d) => bytesField(1, typeof d === 'number' ? int(1, d) : text(2, d)))),
  );
const valueInfo = (name: string, elemType: number, dims: (number | string)[]) =>
  concat(text(1, name), bytesField(2, tensorType(elemType, dims)));

/** ir 9, opset 17, graph: Y = X @ W with W an initializer of `weightBytes` raw bytes. */
function modelWithWeights(weightBytes: number): {
  bytes: Uint8Array;
  rawDataStart: number;
  graphStart: number;
} {
  const weights = new Uint8Array(weightBytes).fill(0x3f);
  const initializer = concat(int(1, weightBytes / 4), int(2, 1), text(8, 'W'), bytesField(9, weights));
  const graph = concat(
    bytesField(1, text(1, 'X'), text(1, 'W'), text(2, 'Y'), text(4, 'MatMul')),
    text(2, 'big'),
    bytesField(5, initializer),
    bytesField(11, valueInfo('X', 1, ['N', weightBytes / 4])),
    bytesField(12, valueInfo('Y', 1, ['N'])),
  );
  const head = concat(int(1, 9), text(2, 'test-writer'));
  const bytes = concat(head, bytesField(7, graph), bytesField(8, int(2, 17)));
  return { bytes, rawDataStart: indexOf(bytes, weights.subarray(0, 16)), graphStart: head.length };
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}

describe('readOnnxModelInfo on models written by onnx.save', () => {
  it.each(fixtureNames)('reads every field of %s as onnx.load does', async (name) => {
    const info = await readOnnxModelInfo(join(FIXTURES, name));
    expect(info).toEqual(withoutPrefixes(expected[name]));
  });

  it('reads producer, opsets of two domains, metadata_props and a ZipMap output', async () => {
    const info = await readOnnxModelInfo(join(FIXTURES, 'classifier-metadata.onnx'));
    expect(info.opsets).toEqual([
      { domain: 'ai.onnx', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(info.metadata['key with spaces']).toBe('välue ünicode ✓');
    expect(info.inputs.map((i) => i.description)).toEqual([
      'tensor(float32)[N, 3]',
      'tensor(string)[N, 1]',
      'tensor(int64)[N, 1]',
    ]);
    expect(info.outputs[1]).toMatchObject({ kind: 'sequence', description: 'seq(map(int64, float32))' });
    expect(info.outputs[1].elementType).toMatchObject({ kind: 'map', keyType: 'int64' });
  });

  it('leaves out graph inputs that are initializers (old IR lists every weight as an input)', async () => {
    const info = await readOnnxModelInfo(join(FIXTURES, 'old-ir-initializer-inputs.onnx'));
    expect(info.irVersion).toBe(3);
    expect(info.inputs.map((i) => i.name)).toEqual(['X']);
    expect(info.initializerCount).toBe(2);
  });

  it('skips top-level fields onnx.proto does not define, of every wire type', async () => {
    const plain = await readOnnxModelInfo(join(FIXTURES, 'types.onnx'));
    const extended = await readOnnxModelInfo(join(FIXTURES, 'unknown-fields.onnx'));
    expect({ ...extended, sizeBytes: 0, sha256: '' }).toEqual({ ...plain, sizeBytes: 0, sha256: '' });
  });

  it('names the file as given at the start of every message', async () => {
    const message = await readError(join(FIXTURES, 'expected.json'));
    expect(
      message.startsWith(`${join(FIXTURES, 'expected.json')}: is not an ONNX model: it starts with text`),
    ).toBe(true);
  });
});

describe('a large initializer', () => {
  it('is skipped by its length: 8 MB of weights parse in milliseconds', () => {
    const { bytes } = modelWithWeights(8 * 1024 * 1024);
    parseOnnxModel(bytes, 'big.onnx'); // warm up the code paths
    const started = performance.now();
    const info = parseOnnxModel(bytes, 'big.onnx');
    const elapsed = performance.now() - started;
    expect(info.initializerCount).toBe(1);
    // dims (key + 4-byte varint of 2^21) + data_type (2) + name (3) + raw_data (key + 4-byte length + 8 MiB)
    expect(info.initializerBytes).toBe(5 + 2 + 3 + 5 + 8 * 1024 * 1024);
    expect(info.inputs).toEqual([
      {
        name: 'X',
        kind: 'tensor',
        dtype: 'float32',
        shape: ['N', 2097152],
        description: 'tensor(float32)[N, 2097152]',
      },
    ]);
    expect(info.nodeDomains).toEqual(['ai.onnx']);
    // sha256 of 8 MB dominates (~20-40 ms); the walk itself is microseconds. Generous for shared CI.
    expect(elapsed).toBeLessThan(250);
  });

  it('read from disk in several chunks, hashes the whole file', async () => {
    const { bytes } = modelWithWeights(20 * 1024 * 1024); // 8 MiB chunks: three reads
    const path = join(tmp, 'big.onnx');
    writeFileSync(path, bytes);
    const info = await readOnnxModelInfo(path);
    expect(info.sizeBytes).toBe(bytes.length);
    expect(info.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(info).toEqual(parseOnnxModel(bytes, path));
  });

  it('over 2 GiB, says that such models keep their weights as external data', async () => {
    const path = join(tmp, 'huge.onnx');
    writeFileSync(path, '');
    truncateSync(path, 2 ** 31 + 2 ** 29); // sparse: no disk space used
    expect(await readError(path)).toBe(
      `${path}: is 2.5 GiB, more than the 2 GiB one protobuf message can hold; an ONNX model that large keeps ` +
        'its weights as external data beside a small .onnx file (onnx.save with save_as_external_data=True)',
    );
  });

  it('cut inside its raw_data, names the tensor and the field', () => {
    const { bytes, rawDataStart } = modelWithWeights(1024 * 1024);
    const error = parseError(bytes.subarray(0, rawDataStart + 1000), 'big.onnx');
    expect(error.message).toBe(
      `big.onnx: ends in the middle of graph.initializer[0] (W).raw_data: the file is truncated (${rawDataStart + 1000} bytes); ` +
        're-export or re-download it (expected an ONNX ModelProto as written by torch.onnx.export, skl2onnx or onnx.save)',
    );
  });
});

describe('types the fixtures do not cover', () => {
  it('a negative dim_value (int64, ten-byte varint) and an element type newer than this reader', () => {
    const negative = [0x08, ...Array(9).fill(0xff), 0x01]; // dim_value = -1, as protobuf writes it
    const shape = bytesField(2, bytesField(1, negative), bytesField(1, int(1, 7)));
    const type = bytesField(2, bytesField(1, int(1, 99), shape));
    const graph = concat(bytesField(11, text(1, 'x'), type), bytesField(12, valueInfo('y', 16, [1])));
    const info = parseOnnxModel(
      concat(int(1, 10), bytesField(7, graph), bytesField(8, int(2, 21))),
      'm.onnx',
    );
    expect(info.inputs).toEqual([
      {
        name: 'x',
        kind: 'tensor',
        dtype: 'unknown(99)',
        shape: [-1, 7],
        description: 'tensor(unknown(99))[-1, 7]',
      },
    ]);
    expect(info.outputs[0].dtype).toBe('bfloat16');
  });

  it('metadata keys are plain keys, even __proto__', () => {
    const graph = bytesField(12, valueInfo('y', 1, [1]));
    const entry = bytesField(14, text(1, '__proto__'), text(2, 'polluted'));
    const info = parseOnnxModel(
      concat(int(1, 8), bytesField(7, graph), bytesField(8, int(2, 17)), entry),
      'm.onnx',
    );
    expect(Object.keys(info.metadata)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(info.metadata)).toBe(Object.prototype);
  });

  it('types nested without end are refused, not a stack overflow', () => {
    let type = tensorType(1, [1]);
    for (let i = 0; i < 200; i++) type = bytesField(4, bytesField(1, type)); // seq(seq(...))
    const graph = concat(
      bytesField(11, text(1, 'x'), bytesField(2, type)),
      bytesField(12, valueInfo('y', 1, [1])),
    );
    const error = parseError(concat(int(1, 8), bytesField(7, graph), bytesField(8, int(2, 17))));
    expect(error.message).toMatch(
      /^model\.onnx: is not an ONNX model: types nested more than 64 deep in graph\.input\[0\] \(x\)\.type/,
    );
  });
});

describe('files that are not a (complete) ONNX model', () => {
  const expectedHint = 'expected an ONNX ModelProto as written by torch.onnx.export, skl2onnx or onnx.save';

  it('a missing file', async () => {
    expect(await readError(join(tmp, 'missing.onnx'))).toBe(
      `${join(tmp, 'missing.onnx')}: no such file; ${expectedHint}`,
    );
  });

  it('a folder', async () => {
    mkdirSync(join(tmp, 'model.onnx'));
    expect(await readError(join(tmp, 'model.onnx'))).toBe(
      `${join(tmp, 'model.onnx')}: is a folder; ${expectedHint} (a .onnx file)`,
    );
  });

  it('an empty file', async () => {
    writeFileSync(join(tmp, 'empty.onnx'), '');
    expect(await readError(join(tmp, 'empty.onnx'))).toBe(
      `${join(tmp, 'empty.onnx')}: is empty (0 bytes); ${expectedHint}`,
    );
  });

  it.each([
    ['a text file', 'hello, this is not a model\n', 'it starts with text'],
    ['a JSON file', '{"model": "m.onnx"}', 'it starts with text, JSON'],
    [
      'an HTML error page',
      '<!DOCTYPE html><html>Not Found</html>',
      'it starts with text, HTML or XML (a download error page?)',
    ],
    [
      'a Git LFS pointer',
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n',
      'it is a Git LFS pointer, the model itself was not fetched (run git lfs pull, or check out with lfs: true)',
    ],
    [
      'protobuf text format',
      'ir_version: 8\nproducer_name: "x"\n',
      'it starts with text (protobuf text format? save the model in binary with onnx.save)',
    ],
  ])('%s', (_what, content, found) => {
    const error = parseError(new TextEncoder().encode(content), 'm.onnx');
    expect(error.message).toBe(`m.onnx: is not an ONNX model: ${found}; ${expectedHint}`);
  });

  it.each([
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'it is a PNG image'],
    ['a gzip file', [0x1f, 0x8b, 8, 0, 0, 0, 0, 0], 'it is gzip-compressed (decompress it first)'],
    [
      'a PyTorch checkpoint (zip)',
      [0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0],
      'it is a zip archive (a PyTorch .pt/.pth checkpoint, a .keras file or a zipped model: export or unzip the ONNX model)',
    ],
    [
      'a pickle',
      [0x80, 0x04, 0x95, 0x10, 0, 0, 0],
      'it is a Python pickle (a pickled or joblib scikit-learn model? convert it with skl2onnx)',
    ],
    [
      // A TensorFlow GraphDef: field 1 is a length-delimited NodeDef, where ONNX has the ir_version integer.
      'a TensorFlow GraphDef',
      [0x0a, 0x04, 0x0a, 0x02, 0x41, 0x42],
      'it starts with byte 0x0a, where an ONNX model starts with its ir_version field (0x08)',
    ],
  ])('%s', (_what, content, found) => {
    const error = parseError(new Uint8Array(content), 'm.onnx');
    expect(error.message).toBe(`m.onnx: is not an ONNX model: ${found}; ${expectedHint}`);
  });

  it('a model without a graph', () => {
    const bytes = concat(int(1, 8), text(2, 'x'), bytesField(8, int(2, 17)));
    expect(parseError(bytes, 'm.onnx').message).toBe(
      'm.onnx: is an ONNX model without a graph; the file may be cut short (9 bytes): re-export or re-download it; ' +
        expectedHint,
    );
  });

  it('a model without opset_import', () => {
    const graph = bytesField(12, valueInfo('Y', 1, [1]));
    const bytes = concat(int(1, 8), bytesField(7, graph));
    expect(parseError(bytes, 'm.onnx').message).toMatch(
      /^m\.onnx: declares no opset_import, which IR version 8 requires; the file may be cut short/,
    );
  });

  it('a field that runs past the end of its own message is malformed, not truncated', () => {
    // graph (7) of 4 bytes holding a name (2) that claims 10 bytes.
    const bytes = concat(int(1, 8), [0x3a, 4, 0x12, 10, 0x41, 0x42], bytesField(8, int(2, 17)));
    expect(parseError(bytes, 'm.onnx').message).toBe(
      `m.onnx: is not an ONNX model: a length of 10 bytes that runs past the end of its message in graph.name at byte 5; ${expectedHint}`,
    );
  });

  it('a known field with the wrong wire type', () => {
    const bytes = concat(int(1, 8), int(7, 3));
    expect(parseError(bytes, 'm.onnx').message).toMatch(
      /^m\.onnx: is not an ONNX model: wire type 0 where onnx\.proto has 2 in graph/,
    );
  });
});

/**
 * Truncation. A protobuf message has no end marker, so a ModelProto cut exactly between two top-level
 * fields is itself a well-formed ModelProto. What is detectable: a cut inside any field (a key, a varint,
 * a fixed value or a length-delimited value: the graph's declared length then overruns the file), and a
 * cut before the required parts (ir_version, graph, opset_import for IR >= 3). What is not: a cut after
 * them, between later top-level fields (more opset_imports, metadata_props, training_info, functions,
 * fields unknown to onnx.proto), which onnx.load and onnxruntime accept just the same. Writers emit fields
 * in field-number order (graph = 7 before opset_import = 8 and metadata_props = 14), so only the tail of
 * the file, after the graph, is at risk: a cut there loses opsets or metadata, never inputs or outputs.
 */
describe('a model cut at any byte', () => {
  function checkCut(name: string, bytes: Uint8Array, cut: number): void {
    const full = expected[name];
    const boundary = full.prefixes.find((p) => p.bytes === cut);
    let info: OnnxModelInfo | undefined;
    let error: unknown;
    try {
      info = parseOnnxModel(bytes.subarray(0, cut), name);
    } catch (e) {
      error = e;
    }
    if (boundary?.valid) {
      // A well-formed prefix: what it holds must agree with the whole model.
      expect(error).toBeUndefined();
      expect(info?.inputs).toEqual(full.inputs);
      expect(info?.outputs).toEqual(full.outputs);
      expect(full.opsets.slice(0, info?.opsets.length)).toEqual(info?.opsets);
    } else {
      expect(error, `cut at ${cut} of ${bytes.length}`).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message.startsWith(`${name}: `)).toBe(true);
      if (boundary === undefined && cut > 0) expect((error as Error).message).toMatch(/truncated|cut short/);
    }
  }

  it.each(fixtureNames)('%s: every cut is an error, except well-formed prefixes (exhaustive)', (name) => {
    const bytes = fixtureBytes(name);
    for (let cut = 0; cut < bytes.length; cut++) checkCut(name, bytes, cut);
  });

  it('fast-check: random cuts of random fixtures behave the same way', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...fixtureNames)
          .chain((name) =>
            fc.tuple(fc.constant(name), fc.integer({ min: 0, max: fixtureBytes(name).length - 1 })),
          ),
        ([name, cut]) => checkCut(name, fixtureBytes(name), cut),
      ),
      { numRuns: 300 },
    );
  });

  it('fast-check: a cut inside the graph of a large model is always reported as truncated', () => {
    const { bytes, graphStart } = modelWithWeights(64 * 1024);
    const graphEnd = bytes.length - 4; // the opset_import field (key, length, key, 17) is the last 4 bytes
    fc.assert(
      fc.property(fc.integer({ min: graphStart + 1, max: graphEnd - 1 }), (cut) => {
        expect(parseError(bytes.subarray(0, cut), 'big.onnx').message).toMatch(
          /^big\.onnx: ends in the middle of graph\b.*: the file is truncated/,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('arbitrary bytes', () => {
  it('fast-check: never crash, only a result or a ConfigurationError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        try {
          parseOnnxModel(bytes, 'random.onnx');
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigurationError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('fast-check: a valid model with bytes overwritten never crashes', () => {
    const bytes = fixtureBytes('classifier-metadata.onnx');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          const copy = bytes.slice();
          for (const [at, value] of edits) copy[at] = value;
          try {
            parseOnnxModel(copy, 'edited.onnx');
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigurationError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
