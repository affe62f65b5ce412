/** The drift statistics' public API (issue 6): per-column statistics equal to scipy 1.10.1's. */
export { numericDrift, type NumericDriftStats, type NumericStatistic } from './numeric-column.js';
export {
  categoricalDrift,
  type CategoricalDriftStats,
  type CategoricalStatistic,
} from './categorical-column.js';
export { sortFloat64, RADIX_MIN_LENGTH } from './sort.js';
export { benjaminiHochberg, bonferroni, type PValue } from './multiple-testing.js';
export { ksTwoSided, KS_EXACT_MAX_N, type KsResult, type KsMethod } from './ks.js';
export { ecdfStatistics, type EcdfStatistics } from './ecdf-walk.js';
export { decileBins, decileEdges, binCounts, DECILE_LEVELS, type Bins } from './binning.js';
export { populationStabilityIndex, PSI_EMPTY_PROPORTION } from './psi.js';
export { jensenShannonDistance } from './jensen-shannon.js';
export { chiSquareHomogeneity, type ChiSquareResult } from './chi-square.js';
export { twoProportionZTest, type ZTestResult } from './z-test.js';
export { populationStd, normedWasserstein } from './wasserstein.js';
export { normalSf, chiSquareSf } from './special.js';
export { kstwoSf } from './kolmogorov.js';
