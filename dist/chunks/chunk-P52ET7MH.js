import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  DataError
} from "./chunk-PNY2FIIF.js";

// src/core/data/file-access.ts
import { stat } from "node:fs/promises";
async function ensureReadableFile(path) {
  let isFile;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = error.code;
    const problem = code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? "unknown error"})`;
    throw new DataError(path, {}, problem);
  }
  if (!isFile) throw new DataError(path, {}, "is a folder, expected a data file");
}

export {
  ensureReadableFile
};
