import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/core/errors.ts
var ConfigurationError = class extends Error {
  name = "ConfigurationError";
  constructor(message, options) {
    super(message, options);
  }
};
function isConfigurationError(error) {
  return error instanceof ConfigurationError || error instanceof Error && error.name === "ConfigurationError";
}
function getErrorMessage(error) {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
var ExitCode = {
  Passed: 0,
  GateFailed: 1,
  BadInput: 2,
  /** A fault in mlgate itself (BSD EX_SOFTWARE); see docs/adr/0002. */
  InternalError: 70
};

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

// src/core/data/types.ts
var CellState = {
  /** A value of the column's kind is in `values`. */
  Present: 0,
  /** No value: an empty CSV cell, a key absent from a JSON Lines row. */
  Absent: 1,
  /** An explicit null: JSON null, a Parquet null. */
  Null: 2,
  /** Not-a-number: a float NaN, or the text NaN/nan in a number column of a CSV file. */
  NaN: 3,
  /** Present but not of the column's kind (e.g. `abc` in a number column); raw value in `invalid`. */
  Invalid: 4
};

export {
  __require,
  __commonJS,
  __toESM,
  ConfigurationError,
  isConfigurationError,
  getErrorMessage,
  ExitCode,
  CellState,
  resolveBatchSize,
  DataError
};
