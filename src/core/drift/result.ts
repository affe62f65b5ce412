/** drift.json (DESIGN §4): per-column statistics and decisions, data quality, dataset drift, settings. */
import type { Correction, DriftMethod, DriftPolicy } from './decide.js';
import type { PredictionDrift } from './prediction-drift.js';

export const DRIFT_SCHEMA_VERSION = 1;

export interface DriftColumnQuality {
  /** Share of rows with no value (empty, null, absent), per side, and current − reference. */
  null_fraction: { reference: number; current: number; change: number };
  /** NaN and ±Infinity cells (numeric columns), not counted as values. */
  nan: { reference: number; current: number };
  infinite: { reference: number; current: number };
  /** Numeric: current values below the reference's minimum or above its maximum. */
  out_of_range?: {
    below: number;
    above: number;
    share: number;
    reference_min: number;
    reference_max: number;
  };
  /** Categorical: categories the reference never had (first 20) and their share of the current rows. */
  new_categories?: { values: string[]; count: number; share: number };
  /** One value only on a side (nothing to compare a distribution with). */
  constant: { reference: boolean; current: boolean };
}

export interface DriftColumn {
  type: 'numeric' | 'categorical';
  n_reference: number;
  n_current: number;
  /** Numeric columns with at most 5 distinct values are tested as categories (Evidently's rule). */
  tested_as?: 'categories';
  ks: { statistic: number; p_value: number; method: 'exact' | 'asymptotic' } | null;
  wasserstein: number | null;
  wasserstein_normed: number | null;
  psi: number | null;
  jensen_shannon: number | null;
  chi2: { statistic: number; p_value: number; dof: number } | null;
  z: { statistic: number; p_value: number; category: string } | null;
  /** Categorical: ½ Σ |reference share − current share|, the effect a p-value test needs. */
  total_variation?: number | null;
  method: DriftMethod | null;
  /** The p-value or distance the method gives, and what it is compared with. */
  score: number | null;
  threshold: number | null;
  p_value_adjusted?: number | null;
  drifted: boolean;
  because: string;
  /** Why a statistic is null (only those that are). */
  reasons?: Record<string, string>;
  quality: DriftColumnQuality;
  /** A numeric column tested as categories (≤ 5 distinct values): its values' counts, PSI and JS. */
  as_categories?: {
    categories: string[];
    reference: number[];
    current: number[];
    psi: number | null;
    jensen_shannon: number | null;
  };
  /** Decile bins (numeric) or category counts, for the report's histograms. */
  histogram?: { edges?: number[]; categories?: string[]; reference: number[]; current: number[] };
}

export interface DriftResult {
  schemaVersion: number;
  name: string | null;
  reference: {
    files: string[];
    rows: number;
    /** When the reference came from a registry version: what was asked (churn#production) and the tag. */
    registry?: { ref: string; tag: string };
  };
  current: { files: string[]; rows: number };
  columns: Record<string, DriftColumn>;
  /** Columns that are reported but not tested: mixed types, nested values, on one side only. */
  not_tested: Record<string, string>;
  columns_only_in_reference: string[];
  columns_only_in_current: string[];
  dataset_drift: boolean;
  drifted_columns: string[];
  /** The model's outputs on both sides, when a model was given (null otherwise). */
  prediction_drift: PredictionDrift | null;
  summary: { tested: number; drifted: number; drifted_share: number; because: string };
  settings: DriftPolicy & { correction: Correction };
  conventions: string[];
  created_at: string;
}

/** What the report and drift.json say about how the numbers are computed. */
export const DRIFT_CONVENTIONS = [
  'KS: two-sample, two-sided, as scipy.stats.ks_2samp(method="auto"): the exact p-value when both samples have at most 10 000 values, else the asymptotic one (kstwo).',
  'Wasserstein: scipy.stats.wasserstein_distance; normed by the reference standard deviation (population, ddof 0), as Evidently does.',
  'PSI: cut points are the reference deciles (numpy.percentile, linear interpolation; duplicate cut points merged), bins right-closed with open outer bins; empty proportions replaced by 1e-4; PSI = Σ (c − r)·ln(c / r). Categorical PSI over the union of categories.',
  'Jensen–Shannon: distance (not divergence), base 2, on the same bins (raw proportions) or the union of categories, as scipy.spatial.distance.jensenshannon.',
  'Chi-square: test of homogeneity of the 2 × K table of reference and current counts, scipy.stats.chi2_contingency (Yates correction only when dof = 1).',
  'Z-test: two-proportion z-test with pooled proportion for a column with two values, p = 2·Φ(−|z|).',
  'NaN and ±Infinity are not values: they are counted as data quality findings; missing cells likewise.',
  'p-values are corrected across the columns tested by a p-value test (Benjamini–Hochberg by default); a p-value test also needs an effect of at least min_effect (KS statistic, or total variation of the category shares).',
];
