import { runAction } from '../../github/run-wrapper.js';
import { run } from './main.js';

// The worker thread entries are built to dist/workers/ (see scripts/build.mjs).
await runAction('pipeline', () =>
  run(
    new URL('../workers/csv-validate.js', import.meta.url),
    new URL('../workers/evaluate-read.js', import.meta.url),
    new URL('../workers/drift-column.js', import.meta.url),
    new URL('../workers/drift-read.js', import.meta.url),
  ),
);
