import { runAction } from '../../github/run-wrapper.js';
import { run } from './main.js';

await runAction('compare-baseline', run);
