import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ClassificationInput, RegressionInput } from '../../../src/core/metrics/types.js';

const dir = join(import.meta.dirname, '../../fixtures/metrics');

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

export interface ClassificationCase {
  name: string;
  task: 'binary' | 'multiclass';
  nClasses: number;
  positive: number;
  yTrue: number[];
  yPred: number[];
  proba: number[] | null;
  weights: number[] | null;
  expected: Record<string, number | null | Record<string, number | null>>;
  errors: Record<string, string>;
  confusion_matrix: number[][];
  per_class: { precision: number; recall: number; f1: number; support: number }[];
}

export interface RegressionCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  weights: number[] | null;
  expected: Record<string, number | null>;
  errors: Record<string, string>;
}

export const classificationCases = loadFixture<{ cases: ClassificationCase[] }>('classification.json').cases;
export const regressionCases = loadFixture<{ cases: RegressionCase[] }>('regression.json').cases;

export function classificationInput(c: ClassificationCase): ClassificationInput {
  return {
    nClasses: c.nClasses,
    yTrue: Int32Array.from(c.yTrue),
    yPred: Int32Array.from(c.yPred),
    proba: c.proba === null ? undefined : Float64Array.from(c.proba),
    positive: c.positive,
    weights: c.weights === null ? undefined : Float64Array.from(c.weights),
  };
}

export function regressionInput(c: RegressionCase): RegressionInput {
  return {
    yTrue: Float64Array.from(c.yTrue),
    yPred: Float64Array.from(c.yPred),
    weights: c.weights === null ? undefined : Float64Array.from(c.weights),
  };
}

/** Metrics on labels: scikit-learn's value bit for bit. */
export const LABEL_METRICS = new Set([
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'precision_macro',
  'precision_micro',
  'precision_weighted',
  'recall_macro',
  'recall_micro',
  'recall_weighted',
  'f1_macro',
  'f1_micro',
  'f1_weighted',
  'matthews_corrcoef',
  'cohen_kappa',
]);
