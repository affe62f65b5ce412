/**
 * What an ONNX file says about itself, read from the file without ONNX Runtime: onnxruntime-node's
 * session gives names, dtypes and shapes of tensors, but not the opsets, producer, versions, doc string,
 * metadata_props, or what a non-tensor value (ZipMap's seq(map)) holds.
 *
 * Field numbers are onnx/onnx.proto's (identical in onnx 1.12 and the current main branch). Only the
 * headers of the graph's parts are walked; tensor contents and attributes are skipped by their length.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import { ProtoReader, WireFormatError, WireType } from './protobuf.js';

export interface OnnxType {
  kind: 'tensor' | 'sequence' | 'map' | 'optional' | 'unknown';
  /** ORT's names: float32, float64, int64, int32, string, bool, float16, uint8, int8, ... */
  dtype?: string;
  /** number = fixed, string = symbolic, null = unknown; absent when the model gives no shape (any rank). */
  shape?: (number | string | null)[];
  /** e.g. "tensor(float32)[N, 30]" or "seq(map(int64, float32))". */
  description: string;
  /** What a sequence or an optional holds. */
  elementType?: OnnxType;
  /** A map's key dtype and value type (ZipMap: int64 or string keys, float32 values). */
  keyType?: string;
  valueType?: OnnxType;
}

export interface OnnxValueInfo extends OnnxType {
  name: string;
}

export interface OnnxModelInfo {
  irVersion: number;
  /** The default operator set ('' in the file) is named 'ai.onnx'. */
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graphName: string;
  metadata: Record<string, string>;
  /** Graph inputs, without those that name an initializer (old IR lists every weight as an input). */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Nodes of the main graph (not counting subgraphs of If/Loop/Scan). */
  nodeCount: number;
  /** Distinct operator domains the main graph's nodes use, sorted ('ai.onnx' for the default). */
  nodeDomains: string[];
  /** Dense and sparse initializers of the main graph. */
  initializerCount: number;
  /** Their serialized size (weights stored as external data count only their reference). */
  initializerBytes: number;
  sizeBytes: number;
  sha256: string;
}

const EXPECTED = 'expected an ONNX ModelProto as written by torch.onnx.export, skl2onnx or onnx.save';

/** Reads and parses an ONNX file; every user-facing failure is a ConfigurationError naming `path`. */
export async function readOnnxModelInfo(path: string): Promise<OnnxModelInfo> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new ConfigurationError(`${path}: is a folder; ${EXPECTED} (a .onnx file)`);
    size = stats.size;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`${path}: ${describeFsError(error)}; ${EXPECTED}`);
  }
  if (size > MAX_MODEL_BYTES) {
    throw new ConfigurationError(
      `${path}: is ${(size / 2 ** 30).toFixed(1)} GiB, more than the 2 GiB one protobuf message can hold; ` +
        'an ONNX model that large keeps its weights as external data beside a small .onnx file (onnx.save with ' +
        'save_as_external_data=True)',
    );
  }
  let read: { bytes: Uint8Array; sha256: string };
  try {
    read = await readAndHash(path, size);
  } catch (error) {
    throw new ConfigurationError(`${path}: ${describeFsError(error)}; ${EXPECTED}`);
  }
  return parseModel(read.bytes, path, read.sha256);
}

/** protobuf refuses messages of 2 GiB or more, and so do onnx.load and onnxruntime. */
const MAX_MODEL_BYTES = 2 ** 31 - 1;
const READ_CHUNK = 8 * 1024 * 1024;

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? getErrorMessage(error)})`;
}

/**
 * Reads the whole file into one buffer and hashes it on the way: each chunk is hashed on this thread
 * while the next one is read by libuv's pool, so a 500 MB model costs about one read, not a read + a hash.
 */
async function readAndHash(path: string, size: number): Promise<{ bytes: Uint8Array; sha256: string }> {
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.allocUnsafe(size);
    const hash = createHash('sha256');
    const readAt = (offset: number) =>
      handle.read(bytes, offset, Math.min(READ_CHUNK, size - offset), offset);
    let offset = 0;
    let pending = size > 0 ? readAt(0) : undefined;
    while (pending !== undefined) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break; // the file shrank since stat: parse what is there
      const start = offset;
      offset += bytesRead;
      pending = offset < size ? readAt(offset) : undefined;
      hash.update(bytes.subarray(start, offset));
    }
    return { bytes: bytes.subarray(0, offset), sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

/**
 * Parses the bytes of an ONNX file; `fileName` starts every error message.
 *
 * A truncated file is caught whenever the cut falls inside a field (every message below the top level
 * has a declared length) or before ir_version, the graph and opset_import. A cut exactly between two
 * later top-level fields (further opset_imports, metadata_props, training_info, functions) leaves a
 * well-formed ModelProto that onnx.load and onnxruntime accept too: writers emit fields in number order,
 * graph (7) first, so such a cut can lose opsets or metadata but never the graph.
 */
export function parseOnnxModel(bytes: Uint8Array, fileName: string): OnnxModelInfo {
  return parseModel(bytes, fileName);
}

function parseModel(bytes: Uint8Array, fileName: string, sha256?: string): OnnxModelInfo {
  if (bytes.length === 0) throw new ConfigurationError(`${fileName}: is empty (0 bytes); ${EXPECTED}`);
  // Text and the other formats never start with ir_version's key, so a real model is never misjudged.
  const signature = bytes[0] === IR_VERSION_KEY ? undefined : recognise(bytes);
  if (signature !== undefined) throw notOnnx(fileName, signature);
  const parser = new ModelParser(bytes);
  let model: ParsedModel;
  try {
    model = parser.parse();
  } catch (error) {
    if (!(error instanceof WireFormatError)) throw error;
    // Every protobuf writer puts ir_version (field 1, required) first: without that start, a file that
    // does not parse is something else, and "truncated" would send the user the wrong way.
    if (bytes[0] !== IR_VERSION_KEY) throw notOnnx(fileName, firstByteProblem(bytes));
    if (error.kind === 'truncated') {
      throw new ConfigurationError(
        `${fileName}: ends in the middle of ${parser.where()}: the file is truncated (${bytes.length} bytes); ` +
          `re-export or re-download it (${EXPECTED})`,
      );
    }
    throw notOnnx(fileName, `${error.message} in ${parser.where()} at byte ${error.offset}`);
  }
  if (model.irVersion === undefined) {
    throw notOnnx(fileName, bytes[0] === IR_VERSION_KEY ? 'it has no ir_version' : firstByteProblem(bytes));
  }
  const cutShort = `the file may be cut short (${bytes.length} bytes): re-export or re-download it`;
  if (model.graph === undefined) {
    throw new ConfigurationError(`${fileName}: is an ONNX model without a graph; ${cutShort}; ${EXPECTED}`);
  }
  // IR 3 introduced opset_import and made it required; onnxruntime refuses a model without one.
  if (model.irVersion >= 3 && model.opsets.length === 0) {
    throw new ConfigurationError(
      `${fileName}: declares no opset_import, which IR version ${model.irVersion} requires; ${cutShort}; ${EXPECTED}`,
    );
  }
  const graph = model.graph;
  return {
    irVersion: model.irVersion,
    opsets: model.opsets,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    domain: model.domain,
    modelVersion: model.modelVersion,
    docString: model.docString,
    graphName: graph.name,
    // fromEntries defines own properties: a key like __proto__ stays a plain key. Repeated keys: last wins.
    metadata: Object.fromEntries(model.metadata),
    inputs: graph.inputs.filter((input) => !graph.initializerNames.has(input.name)),
    outputs: graph.outputs,
    nodeCount: graph.nodeCount,
    nodeDomains: [...graph.nodeDomains].sort(),
    initializerCount: graph.initializerCount,
    initializerBytes: graph.initializerBytes,
    sizeBytes: bytes.length,
    sha256: sha256 ?? createHash('sha256').update(bytes).digest('hex'),
  };
}

function notOnnx(fileName: string, what: string): ConfigurationError {
  return new ConfigurationError(`${fileName}: is not an ONNX model: ${what}; ${EXPECTED}`);
}

/** The key byte of ModelProto.ir_version: field 1, varint. */
const IR_VERSION_KEY = 0x08;

function firstByteProblem(bytes: Uint8Array): string {
  const hex = `0x${bytes[0].toString(16).padStart(2, '0')}`;
  return `it starts with byte ${hex}, where an ONNX model starts with its ir_version field (0x08)`;
}

// ---------------------------------------------------------------------------------------------------
// Recognising files that are something else, by their first bytes.

const MAGIC: { bytes: number[]; offset?: number; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'it is a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'it is a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'it is a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'it is a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'it is gzip-compressed (decompress it first)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'it is zstd-compressed (decompress it first)' },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'it is a zip archive (a PyTorch .pt/.pth checkpoint, a .keras file or a zipped model: export or unzip the ONNX model)',
  },
  {
    bytes: [0x89, 0x48, 0x44, 0x46],
    what: 'it is an HDF5 file (a Keras .h5 model? convert it with tf2onnx)',
  },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'it is an executable or shared library (ELF)' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'it is a Parquet file' },
  {
    bytes: [0x54, 0x46, 0x4c, 0x33],
    offset: 4,
    what: 'it is a TensorFlow Lite model (convert it with tf2onnx)',
  },
  { bytes: [0x4f, 0x52, 0x54, 0x4d], offset: 4, what: 'it is an ONNX Runtime .ort model, not an .onnx file' },
];

/** A description of what the file is when it is recognisably not an ONNX model, else undefined. */
function recognise(bytes: Uint8Array): string | undefined {
  for (const magic of MAGIC) {
    const offset = magic.offset ?? 0;
    if (magic.bytes.every((b, i) => bytes[offset + i] === b)) return magic.what;
  }
  // Pickle protocols 2-5 start with PROTO (0x80) and the protocol number.
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) {
    return 'it is a Python pickle (a pickled or joblib scikit-learn model? convert it with skl2onnx)';
  }
  // safetensors: an 8-byte little-endian header length, then a JSON header.
  if (bytes.length > 9 && bytes[8] === 0x7b && bytes[9] === 0x22 && bytes[6] === 0 && bytes[7] === 0) {
    return 'it is a safetensors file (weights only, no graph)';
  }
  const text = leadingText(bytes);
  if (text === undefined) return undefined;
  const start = text.trimStart();
  if (start.startsWith('version https://git-lfs')) {
    return 'it is a Git LFS pointer, the model itself was not fetched (run git lfs pull, or check out with lfs: true)';
  }
  if (start.startsWith('{') || start.startsWith('[')) return 'it starts with text, JSON';
  if (start.startsWith('<')) return 'it starts with text, HTML or XML (a download error page?)';
  if (/^(ir_version|producer_name|opset_import|graph)\s*[:{]/.test(start)) {
    return 'it starts with text (protobuf text format? save the model in binary with onnx.save)';
  }
  return 'it starts with text';
}

/** The first bytes as text when they are all printable UTF-8 (a real ONNX model starts with byte 0x08). */
function leadingText(bytes: Uint8Array): string | undefined {
  // Cut a few bytes early so a multi-byte character split by the window is not mistaken for binary.
  const window = bytes.subarray(0, Math.min(bytes.length, 512));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      window.length < 512 ? window : window.subarray(0, 508),
    );
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

// ---------------------------------------------------------------------------------------------------
// The parser: onnx.proto's ModelProto, GraphProto, ValueInfoProto and TypeProto, nothing else.

interface ParsedGraph {
  name: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  nodeCount: number;
  nodeDomains: Set<string>;
  initializerNames: Set<string>;
  initializerCount: number;
  initializerBytes: number;
}

interface ParsedModel {
  irVersion?: number;
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graph?: ParsedGraph;
  metadata: Map<string, string>;
}

/** ORT's dtype names by TensorProto.DataType (onnx.proto), 1-26. */
const DTYPES = [
  'undefined',
  'float32',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'float64',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
  'float8e8m0',
  'uint2',
  'int2',
];

function dtypeName(code: number): string {
  return DTYPES[code] ?? `unknown(${code})`;
}

/** Protobuf allows any nesting; a crafted file must not exhaust the stack. */
const MAX_TYPE_DEPTH = 64;

type FieldNames = Record<number, string>;
const MODEL_FIELDS: FieldNames = {
  1: 'ir_version',
  2: 'producer_name',
  3: 'producer_version',
  4: 'domain',
  5: 'model_version',
  6: 'doc_string',
  7: 'graph',
  8: 'opset_import',
  14: 'metadata_props',
  20: 'training_info',
  25: 'functions',
};
const GRAPH_FIELDS: FieldNames = {
  1: 'node',
  2: 'name',
  5: 'initializer',
  10: 'doc_string',
  11: 'input',
  12: 'output',
  13: 'value_info',
  14: 'quantization_annotation',
  15: 'sparse_initializer',
  16: 'metadata_props',
};
const TENSOR_FIELDS: FieldNames = {
  1: 'dims',
  2: 'data_type',
  4: 'float_data',
  5: 'int32_data',
  6: 'string_data',
  7: 'int64_data',
  8: 'name',
  9: 'raw_data',
  10: 'double_data',
  11: 'uint64_data',
  12: 'doc_string',
  13: 'external_data',
};
const NODE_FIELDS: FieldNames = {
  1: 'input',
  2: 'output',
  3: 'name',
  4: 'op_type',
  5: 'attribute',
  7: 'domain',
};

class ModelParser {
  private readonly reader: ProtoReader;
  /** Where the reader is, outermost first: the deepest entry names the field a truncated file ends in. */
  private readonly path: string[] = [];

  constructor(bytes: Uint8Array) {
    this.reader = new ProtoReader(bytes);
  }

  /** "graph.initializer[2] (fc1.weight).raw_data"; "a field key" when cut between top-level fields. */
  where(): string {
    if (this.path.length === 0) return 'a top-level field key';
    return this.path.reduce((text, part) => (part.startsWith('[') ? text + part : `${text}.${part}`));
  }

  parse(): ParsedModel {
    const model: ParsedModel = {
      opsets: [],
      producerName: '',
      producerVersion: '',
      domain: '',
      modelVersion: 0,
      docString: '',
      metadata: new Map(),
    };
    this.fields(Number.POSITIVE_INFINITY, MODEL_FIELDS, (field, wireType, end) => {
      switch (field) {
        case 1:
          model.irVersion = this.varintField(wireType, end);
          return true;
        case 2:
          model.producerName = this.stringField(wireType, end);
          return true;
        case 3:
          model.producerVersion = this.stringField(wireType, end);
          return true;
        case 4:
          model.domain = this.stringField(wireType, end);
          return true;
        case 5:
          model.modelVersion = this.varintField(wireType, end);
          return true;
        case 6:
          model.docString = this.stringField(wireType, end);
          return true;
        case 7:
          // A repeated singular message merges in protobuf; no writer repeats graph, so the last one wins.
          model.graph = this.message(wireType, end, (e) => this.graph(e));
          return true;
        case 8:
          this.path.push(`[${model.opsets.length}]`);
          model.opsets.push(this.message(wireType, end, (e) => this.opset(e)));
          this.path.pop();
          return true;
        case 14: {
          this.path.push(`[${model.metadata.size}]`);
          const [key, value] = this.message(wireType, end, (e) => this.stringPair(e));
          model.metadata.set(key, value);
          this.path.pop();
          return true;
        }
        default:
          return false;
      }
    });
    return model;
  }

  /**
   * Walks the fields of a message ending at `end`: `handle` reads the fields it knows (returning true)
   * and the rest are skipped by length. Known names go on the path so a truncation can say where.
   */
  private fields(
    end: number,
    names: FieldNames,
    handle: (field: number, wireType: number, end: number) => boolean,
  ): void {
    const r = this.reader;
    for (let key = r.nextField(end); key !== undefined; key = r.nextField(end)) {
      this.path.push(names[key.field] ?? `field ${key.field}`);
      if (!handle(key.field, key.wireType, end)) r.skip(key.wireType, end);
      this.path.pop();
    }
  }

  private expect(wireType: number, expected: number): void {
    if (wireType !== expected) {
      throw new WireFormatError(
        'malformed',
        this.reader.pos,
        `wire type ${wireType} where onnx.proto has ${expected}`,
      );
    }
  }

  private varintField(wireType: number, end: number): number {
    this.expect(wireType, WireType.Varint);
    return this.reader.varint(end);
  }

  private stringField(wireType: number, end: number): string {
    this.expect(wireType, WireType.LengthDelimited);
    return this.reader.string(end);
  }

  /** Reads an embedded message with `read(itsEnd)`, leaving the reader just after it. */
  private message<T>(wireType: number, end: number, read: (end: number) => T): T {
    this.expect(wireType, WireType.LengthDelimited);
    const range = this.reader.lengthDelimited(end);
    const value = read(range.end);
    this.reader.pos = range.end;
    return value;
  }

  private opset(end: number): { domain: string; version: number } {
    let domain = '';
    let version = 0;
    this.fields(end, { 1: 'domain', 2: 'version' }, (field, wireType, e) => {
      if (field === 1) domain = this.stringField(wireType, e);
      else if (field === 2) version = this.varintField(wireType, e);
      else return false;
      return true;
    });
    return { domain: domain === '' ? 'ai.onnx' : domain, version };
  }

  private stringPair(end: number): [string, string] {
    let key = '';
    let value = '';
    this.fields(end, { 1: 'key', 2: 'value' }, (field, wireType, e) => {
      if (field === 1) key = this.stringField(wireType, e);
      else if (field === 2) value = this.stringField(wireType, e);
      else return false;
      return true;
    });
    return [key, value];
  }

  private graph(end: number): ParsedGraph {
    const graph: ParsedGraph = {
      name: '',
      inputs: [],
      outputs: [],
      nodeCount: 0,
      nodeDomains: new Set(),
      initializerNames: new Set(),
      initializerCount: 0,
      initializerBytes: 0,
    };
    this.fields(end, GRAPH_FIELDS, (field, wireType, e) => {
      switch (field) {
        case 1:
          this.path.push(`[${graph.nodeCount}]`);
          graph.nodeDomains.add(this.message(wireType, e, (ne) => this.nodeDomain(ne)));
          graph.nodeCount++;
          this.path.pop();
          return true;
        case 2:
          graph.name = this.stringField(wireType, e);
          return true;
        case 5:
          this.path.push(`[${graph.initializerCount}]`);
          this.initializer(wireType, e, graph, (te) => this.tensorName(te));
          this.path.pop();
          return true;
        case 15:
          this.path.push(`[${graph.initializerCount}]`);
          this.initializer(wireType, e, graph, (se) => this.sparseTensorName(se));
          this.path.pop();
          return true;
        case 11:
          this.path.push(`[${graph.inputs.length}]`);
          graph.inputs.push(this.message(wireType, e, (ve) => this.valueInfo(ve)));
          this.path.pop();
          return true;
        case 12:
          this.path.push(`[${graph.outputs.length}]`);
          graph.outputs.push(this.message(wireType, e, (ve) => this.valueInfo(ve)));
          this.path.pop();
          return true;
        default:
          return false;
      }
    });
    return graph;
  }

  private initializer(
    wireType: number,
    end: number,
    graph: ParsedGraph,
    readName: (end: number) => string,
  ): void {
    this.expect(wireType, WireType.LengthDelimited);
    const range = this.reader.lengthDelimited(end);
    graph.initializerNames.add(readName(range.end));
    graph.initializerCount++;
    graph.initializerBytes += range.end - range.start;
    this.reader.pos = range.end;
  }

  /** The name of a TensorProto; its data fields are skipped by length, never decoded. */
  private tensorName(end: number): string {
    let name = '';
    this.fields(end, TENSOR_FIELDS, (field, wireType, e) => {
      if (field !== 8) return false;
      name = this.stringField(wireType, e);
      // Writers put name (8) before raw_data (9): show it on the path if the data is cut short.
      this.path[this.path.length - 2] += ` (${name})`;
      return true;
    });
    return name;
  }

  /** A SparseTensorProto is named by its values tensor (field 1). */
  private sparseTensorName(end: number): string {
    let name = '';
    this.fields(end, { 1: 'values', 2: 'indices', 3: 'dims' }, (field, wireType, e) => {
      if (field !== 1) return false;
      name = this.message(wireType, e, (te) => this.tensorName(te));
      return true;
    });
    return name;
  }

  private nodeDomain(end: number): string {
    let domain = '';
    this.fields(end, NODE_FIELDS, (field, wireType, e) => {
      if (field !== 7) return false;
      domain = this.stringField(wireType, e);
      return true;
    });
    return domain === '' ? 'ai.onnx' : domain;
  }

  private valueInfo(end: number): OnnxValueInfo {
    let name = '';
    let type: OnnxType | undefined;
    this.fields(end, { 1: 'name', 2: 'type', 3: 'doc_string' }, (field, wireType, e) => {
      if (field === 1) {
        name = this.stringField(wireType, e);
        this.path[this.path.length - 2] += ` (${name})`;
      } else if (field === 2) type = this.message(wireType, e, (te) => this.type(te, 0, false));
      else return false;
      return true;
    });
    return { name, ...(type ?? { kind: 'unknown', description: 'unknown' }) };
  }

  /** A TypeProto; `nested` types (inside seq/map/optional) describe a tensor by its dtype alone. */
  private type(end: number, depth: number, nested: boolean): OnnxType {
    if (depth > MAX_TYPE_DEPTH) {
      throw new WireFormatError(
        'malformed',
        this.reader.pos,
        `types nested more than ${MAX_TYPE_DEPTH} deep`,
      );
    }
    let type: OnnxType = { kind: 'unknown', description: 'unknown' };
    const names = {
      1: 'tensor_type',
      4: 'sequence_type',
      5: 'map_type',
      8: 'sparse_tensor_type',
      9: 'optional_type',
    };
    this.fields(end, names, (field, wireType, e) => {
      switch (field) {
        case 1: {
          const { dtype, shape } = this.message(wireType, e, (te) => this.tensorType(te));
          const text = nested ? `${dtype}${shapeText(shape)}` : `tensor(${dtype})${shapeText(shape)}`;
          type = { kind: 'tensor', dtype, ...(shape && { shape }), description: text };
          return true;
        }
        case 8: {
          const { dtype, shape } = this.message(wireType, e, (te) => this.tensorType(te));
          // onnxruntime-node cannot feed or fetch sparse tensors: 'unknown' to the code that maps values.
          type = {
            kind: 'unknown',
            dtype,
            ...(shape && { shape }),
            description: `sparse_tensor(${dtype})${shapeText(shape)}`,
          };
          return true;
        }
        case 4:
        case 9: {
          const elementType = this.message(wireType, e, (se) => this.elementType(se, depth));
          const kind = field === 4 ? 'sequence' : 'optional';
          const text = `${field === 4 ? 'seq' : 'optional'}(${elementType.description})`;
          type = { kind, elementType, description: text };
          return true;
        }
        case 5: {
          const { keyType, valueType } = this.message(wireType, e, (me) => this.mapType(me, depth));
          type = {
            kind: 'map',
            keyType,
            valueType,
            description: `map(${keyType}, ${valueType.description})`,
          };
          return true;
        }
        default:
          return false;
      }
    });
    return type;
  }

  /** TypeProto.Tensor and TypeProto.SparseTensor: elem_type (1) and shape (2). */
  private tensorType(end: number): { dtype: string; shape?: (number | string | null)[] } {
    let code = 0;
    let shape: (number | string | null)[] | undefined;
    this.fields(end, { 1: 'elem_type', 2: 'shape' }, (field, wireType, e) => {
      if (field === 1) code = this.varintField(wireType, e);
      else if (field === 2) shape = this.message(wireType, e, (se) => this.shape(se));
      else return false;
      return true;
    });
    return { dtype: dtypeName(code), ...(shape && { shape }) };
  }

  private shape(end: number): (number | string | null)[] {
    const dims: (number | string | null)[] = [];
    this.fields(end, { 1: 'dim' }, (field, wireType, e) => {
      if (field !== 1) return false;
      dims.push(this.message(wireType, e, (de) => this.dimension(de)));
      return true;
    });
    return dims;
  }

  private dimension(end: number): number | string | null {
    // oneof value { dim_value = 1; dim_param = 2 }: the last one written wins, as in protobuf.
    let dim: number | string | null = null;
    this.fields(end, { 1: 'dim_value', 2: 'dim_param', 3: 'denotation' }, (field, wireType, e) => {
      if (field === 1) dim = this.varintField(wireType, e);
      else if (field === 2) dim = this.stringField(wireType, e);
      else return false;
      return true;
    });
    return dim;
  }

  /** TypeProto.Sequence and TypeProto.Optional: elem_type (1) is a TypeProto. */
  private elementType(end: number, depth: number): OnnxType {
    let element: OnnxType = { kind: 'unknown', description: 'unknown' };
    this.fields(end, { 1: 'elem_type' }, (field, wireType, e) => {
      if (field !== 1) return false;
      element = this.message(wireType, e, (te) => this.type(te, depth + 1, true));
      return true;
    });
    return element;
  }

  private mapType(end: number, depth: number): { keyType: string; valueType: OnnxType } {
    let keyCode = 0;
    let valueType: OnnxType = { kind: 'unknown', description: 'unknown' };
    this.fields(end, { 1: 'key_type', 2: 'value_type' }, (field, wireType, e) => {
      if (field === 1) keyCode = this.varintField(wireType, e);
      else if (field === 2) valueType = this.message(wireType, e, (te) => this.type(te, depth + 1, true));
      else return false;
      return true;
    });
    return { keyType: dtypeName(keyCode), valueType };
  }
}

function shapeText(shape: (number | string | null)[] | undefined): string {
  return shape === undefined ? '' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
