import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  InvalidUtf8Error,
  decodeUtf8,
  openCsv
} from "./chunk-L6ZNI7GU.js";
import {
  ensureReadableFile
} from "./chunk-P52ET7MH.js";
import {
  CellState,
  ConfigurationError,
  DataError,
  getErrorMessage,
  resolveBatchSize
} from "./chunk-PNY2FIIF.js";

// src/core/data/open.ts
import { basename } from "node:path";

// src/core/data/jsonl-reader.ts
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

// src/core/data/jsonl-columns.ts
var ColumnRegistry = class {
  names = [];
  index = /* @__PURE__ */ new Map();
  add(name) {
    const at = this.names.length;
    this.names.push(name);
    this.index.set(name, at);
    return at;
  }
};
var JsonlBatchBuilder = class {
  constructor(registry, hints, capacity) {
    this.registry = registry;
    this.hints = hints;
    this.capacity = capacity;
    this.rowNumbers = new Uint32Array(capacity);
    this.reset();
  }
  registry;
  hints;
  capacity;
  length = 0;
  builders = [];
  rowNumbers;
  get full() {
    return this.length === this.capacity;
  }
  addRow(row, line) {
    const at = this.length;
    for (const key in row) {
      let c = this.registry.index.get(key);
      if (c === void 0) c = this.registry.add(key);
      while (c >= this.builders.length)
        this.builders.push(this.builderFor(this.registry.names[this.builders.length]));
      this.builders[c].set(at, row[key]);
    }
    this.rowNumbers[at] = line;
    this.length = at + 1;
  }
  /** Hands out the rows gathered so far and starts an empty batch with every column seen so far. */
  take() {
    const n = this.length;
    const rowNumbers = this.rowNumbers.subarray(0, n);
    const batch = {
      length: n,
      columns: this.builders.map((b) => b.finish(n)),
      rowNumbers,
      lines: rowNumbers.slice()
    };
    this.rowNumbers = new Uint32Array(this.capacity);
    this.reset();
    return batch;
  }
  reset() {
    this.length = 0;
    this.builders = this.registry.names.map((name) => this.builderFor(name));
  }
  builderFor(name) {
    switch (this.hints[name]) {
      case "number":
      case "integer":
        return new NumberBuilder(name, this.capacity);
      case "boolean":
        return new BooleanBuilder(name, this.capacity);
      case "string":
        return new StringBuilder(name, this.capacity);
      default:
        return new JsonBuilder(name, this.capacity);
    }
  }
};
function absentStates(capacity) {
  return new Uint8Array(capacity).fill(CellState.Absent);
}
var NumberBuilder = class {
  constructor(name, capacity) {
    this.name = name;
    this.values = new Float64Array(capacity).fill(NaN);
    this.state = absentStates(capacity);
  }
  name;
  values;
  state;
  invalid = /* @__PURE__ */ new Map();
  set(row, value) {
    if (typeof value === "number") {
      this.values[row] = value;
      this.state[row] = CellState.Present;
    } else setMissingOrInvalid(this.state, this.invalid, row, value);
  }
  finish(n) {
    const { name, invalid } = this;
    return {
      kind: "number",
      name,
      values: this.values.subarray(0, n),
      state: this.state.subarray(0, n),
      invalid
    };
  }
};
var BooleanBuilder = class {
  constructor(name, capacity) {
    this.name = name;
    this.values = new Uint8Array(capacity);
    this.state = absentStates(capacity);
  }
  name;
  values;
  state;
  invalid = /* @__PURE__ */ new Map();
  set(row, value) {
    if (typeof value === "boolean") {
      this.values[row] = value ? 1 : 0;
      this.state[row] = CellState.Present;
    } else setMissingOrInvalid(this.state, this.invalid, row, value);
  }
  finish(n) {
    const { name, invalid } = this;
    return {
      kind: "boolean",
      name,
      values: this.values.subarray(0, n),
      state: this.state.subarray(0, n),
      invalid
    };
  }
};
var StringBuilder = class {
  constructor(name, capacity) {
    this.name = name;
    this.values = new Array(capacity);
    this.state = absentStates(capacity);
  }
  name;
  values;
  state;
  invalid = /* @__PURE__ */ new Map();
  set(row, value) {
    if (typeof value === "string") {
      this.values[row] = value;
      this.state[row] = CellState.Present;
    } else setMissingOrInvalid(this.state, this.invalid, row, value);
  }
  finish(n) {
    this.values.length = n;
    const { name, values, invalid } = this;
    return { kind: "string", name, values, state: this.state.subarray(0, n), invalid };
  }
};
var JsonBuilder = class {
  constructor(name, capacity) {
    this.name = name;
    this.values = new Array(capacity);
    this.state = absentStates(capacity);
  }
  name;
  values;
  state;
  set(row, value) {
    if (value === null) this.state[row] = CellState.Null;
    else {
      this.values[row] = value;
      this.state[row] = CellState.Present;
    }
  }
  finish(n) {
    this.values.length = n;
    const { name, values } = this;
    return { kind: "json", name, values, state: this.state.subarray(0, n), invalid: /* @__PURE__ */ new Map() };
  }
};
function setMissingOrInvalid(state, invalid, row, value) {
  if (value === null) state[row] = CellState.Null;
  else {
    state[row] = CellState.Invalid;
    invalid.set(row, value);
  }
}

// src/core/data/jsonl-reader.ts
var NEWLINE = 10;
async function openJsonl(path, options = {}) {
  await ensureReadableFile(path);
  const compressed = path.toLowerCase().endsWith(".gz");
  const registry = new ColumnRegistry();
  const hints = options.columnTypes ?? {};
  const batchSize = resolveBatchSize(options);
  return {
    path,
    format: "jsonl",
    compressed,
    columns: registry.names,
    batches: () => readBatches(path, compressed, new JsonlBatchBuilder(registry, hints, batchSize))
  };
}
async function* readBatches(path, compressed, builder) {
  const cursor = { path, line: 0 };
  const { stream, close } = openByteStream(path, compressed);
  try {
    for await (const text of textChunks(stream, cursor)) {
      let pos = 0;
      while (pos < text.length) {
        let end = text.indexOf("\n", pos);
        if (end < 0) end = text.length;
        cursor.line++;
        addLine(builder, text, pos, end, cursor);
        pos = end + 1;
        if (builder.full) yield builder.take();
      }
    }
  } finally {
    close();
  }
  if (builder.length > 0) yield builder.take();
}
function openByteStream(path, compressed) {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!compressed) return { stream: file, close: () => file.destroy() };
  const gunzip = createGunzip();
  file.on("error", (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  return {
    stream: gunzip,
    close: () => {
      file.destroy();
      gunzip.destroy();
    }
  };
}
async function* textChunks(stream, cursor) {
  let pending = [];
  let first = true;
  try {
    for await (const chunk of stream) {
      const last = chunk.lastIndexOf(NEWLINE);
      if (last < 0) {
        pending.push(chunk);
        continue;
      }
      const head = pending.length ? Buffer.concat([...pending, chunk.subarray(0, last + 1)]) : chunk.subarray(0, last + 1);
      pending = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
      yield decodeText(head, cursor, first);
      first = false;
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = String(error.code ?? "");
    const what = code.startsWith("Z_") ? "cannot gunzip the file (expected gzip-compressed JSON Lines)" : "cannot read the file";
    throw new DataError(cursor.path, {}, `${what}: ${getErrorMessage(error)}`);
  }
  if (pending.length) yield decodeText(Buffer.concat(pending), cursor, first);
}
function decodeText(bytes, cursor, first) {
  let text;
  try {
    text = decodeUtf8(bytes, 0, bytes.length);
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    throw invalidUtf8(bytes, error, cursor);
  }
  return first && text.charCodeAt(0) === 65279 ? text.slice(1) : text;
}
function invalidUtf8(bytes, error, cursor) {
  let line = cursor.line + 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < error.index; i = bytes.indexOf(NEWLINE, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const byte = `0x${error.byte.toString(16).padStart(2, "0")}`;
  const where = `byte ${error.index - lineStart + 1} of the line`;
  return new DataError(
    cursor.path,
    { line },
    `invalid UTF-8 (byte ${byte} at ${where}); expected UTF-8 text`
  );
}
function addLine(builder, text, start, end, cursor) {
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  if (isBlank(text, start, end)) return;
  const line = text.slice(start, end);
  let value;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new DataError(cursor.path, { line: cursor.line }, `invalid JSON: ${getErrorMessage(error)}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const found = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    throw new DataError(
      cursor.path,
      { line: cursor.line },
      `expected a JSON object on each line, found ${found}`
    );
  }
  builder.addRow(value, cursor.line);
}
function isBlank(text, start, end) {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

// src/core/data/open.ts
var FORMATS = {
  ".csv": "csv",
  ".tsv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet"
};
var SUPPORTED = Object.keys(FORMATS).flatMap((ext) => [ext, `${ext}.gz`]).join(", ");
function detectFormat(path) {
  const name = basename(path).toLowerCase();
  const compressed = name.endsWith(".gz");
  const stem = compressed ? name.slice(0, -3) : name;
  const dot = stem.lastIndexOf(".");
  const format = dot > 0 ? FORMATS[stem.slice(dot)] : void 0;
  if (format === void 0) {
    throw new ConfigurationError(`${path}: unknown data file type; supported extensions: ${SUPPORTED}`);
  }
  return { format, compressed };
}
async function openDataSource(path, options) {
  const { format } = detectFormat(path);
  switch (format) {
    case "csv":
      return openCsv(path, options);
    case "jsonl":
      return openJsonl(path, options);
    case "parquet": {
      const { openParquet } = await import("./parquet-reader-SOXNV5AY.js");
      return openParquet(path, options);
    }
  }
}
export {
  detectFormat,
  openDataSource
};
