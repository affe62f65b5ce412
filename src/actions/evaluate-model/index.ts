import { runAction } from '../../github/run-wrapper.js';
import { run } from './main.js';

// The reader thread entry is built to dist/workers/ (see scripts/build.mjs).
await runAction('evaluate-model', () => run(new URL('../workers/evaluate-read.js', import.meta.url)));
