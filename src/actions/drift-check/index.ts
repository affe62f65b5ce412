import { runAction } from '../../github/run-wrapper.js';
import { run } from './main.js';

// The column worker is built to dist/workers/ (see scripts/build.mjs).
await runAction('drift-check', () =>
  run(
    new URL('../workers/drift-column.js', import.meta.url),
    new URL('../workers/drift-read.js', import.meta.url),
  ),
);
