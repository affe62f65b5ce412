import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  RowValidator,
  ViolationCollector,
  compileSchema
} from "../chunks/chunk-4EKPWFWD.js";
import {
  openCsvRange
} from "../chunks/chunk-L6ZNI7GU.js";
import {
  getErrorMessage
} from "../chunks/chunk-PNY2FIIF.js";

// src/core/validate/parallel/csv-worker.ts
import { parentPort, workerData } from "node:worker_threads";
async function runPart(task) {
  const loaded = task.schema ? compileSchema(task.schema.path, task.schema.schema) : void 0;
  const collector = new ViolationCollector(task.maxViolations);
  const validator = loaded ? new RowValidator({
    validate: loaded.validate,
    nullable: new Set(loaded.nullable),
    collector,
    precheck: loaded.precheck
  }) : void 0;
  const file = { path: task.displayPath, format: "csv" };
  const stream = openCsvRange(task.path, task, task.readOptions);
  let rows = 0;
  for await (const batch of stream.batches()) {
    validator?.validateBatch(batch, file);
    rows += batch.length;
  }
  return {
    type: "done",
    rows,
    endLine: stream.endLine,
    fileCount: collector.fileCount(task.displayPath),
    buckets: collector.exportBuckets()
  };
}
var message = await runPart(workerData).catch((error) => ({
  type: "error",
  message: getErrorMessage(error)
}));
parentPort?.postMessage(message);
