/** Paired statistics for candidate-vs-baseline comparisons (issue 4, DESIGN §4 comparison.json). */
export type { DeLongResult } from './delong.js';
export { delongTest } from './delong.js';
export type { McNemarResult } from './mcnemar.js';
export { binomTestTwoSidedHalf, mcnemar, mcnemarFromCounts } from './mcnemar.js';
export type { PairedBootstrapResult, PairedMetricValues } from './paired-bootstrap.js';
export { pairedBootstrap } from './paired-bootstrap.js';
export type { WilcoxonResult } from './wilcoxon.js';
export { wilcoxonSignedRank } from './wilcoxon.js';
