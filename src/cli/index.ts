#!/usr/bin/env node
import { main } from './main.js';

// The worker thread entry sits beside this file in dist/ (see scripts/build.mjs).
process.exitCode = await main(process.argv.slice(2), process.cwd(), {
  workerUrl: new URL('./workers/csv-validate.js', import.meta.url),
  evaluateWorkerUrl: new URL('./workers/evaluate-read.js', import.meta.url),
  driftWorkerUrl: new URL('./workers/drift-column.js', import.meta.url),
  driftReaderUrl: new URL('./workers/drift-read.js', import.meta.url),
});
