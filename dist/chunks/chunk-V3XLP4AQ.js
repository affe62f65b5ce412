import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-APNVIPOH.js";

// src/core/data/batch-size.ts
var DEFAULT_BATCH_SIZE = 65536;
function resolveBatchSize(options) {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1) {
    throw new ConfigurationError(
      `batch size ${size} is not allowed: expected a whole number of rows, at least 1`
    );
  }
  return size;
}

// src/core/data/data-error.ts
var DataError = class extends ConfigurationError {
  file;
  location;
  constructor(file, location, problem) {
    super(`${file}${formatLocation(location)}: ${problem}`);
    this.file = file;
    this.location = location;
  }
};
function formatLocation({ row, line, column }) {
  const parts = [];
  if (row !== void 0)
    parts.push(line !== void 0 && line !== row ? `row ${row} (line ${line})` : `row ${row}`);
  else if (line !== void 0) parts.push(`line ${line}`);
  if (column !== void 0) parts.push(`column "${column}"`);
  return parts.length ? `: ${parts.join(", ")}` : "";
}

// src/core/data/file-access.ts
import { stat } from "node:fs/promises";
async function ensureReadableFile(path) {
  let isFile;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = error.code;
    const problem = code === "ENOENT" ? "file not found" : `cannot read the file (${code ?? "unknown error"})`;
    throw new DataError(path, {}, problem);
  }
  if (!isFile) throw new DataError(path, {}, "is a folder, expected a data file");
}

export {
  resolveBatchSize,
  DataError,
  ensureReadableFile
};
