/**
 * The binary and multiclass catalogue over one input. Work that does not depend on the weights (sorting
 * rows by score, checking probabilities) is prepared once, so the bootstrap re-weights in O(N).
 */
import { ConfigurationError } from '../errors.js';
import { metricNames, METRICS } from './catalogue.js';
import {
  accuracy,
  balancedAccuracy,
  cohenKappa,
  confusionRows,
  countLabels,
  matthewsCorrcoef,
  perClass,
  precisionRecallF1,
  type Average,
  type LabelCounts,
} from './label-metrics.js';
import { pairwiseSum } from './numpy-sum.js';
import { brierScore, logLoss, topKAccuracy } from './probability-metrics.js';
import { classPass, rankByColumn, rankCells, type ClassPass, type Ranking } from './ranking.js';
import type { ClassificationInput, MetricReport, MetricValue, Outcome, PerClassMetrics } from './types.js';

export const NO_PROBABILITIES = 'the model gives no probabilities';
export const TOP_K = [2, 3, 5] as const;

/** An input checked once, with its weight-independent work cached. */
export interface PreparedClassification {
  task: 'binary' | 'multiclass';
  input: ClassificationInput;
  k: number;
  n: number;
  positive: number;
  classNames: readonly string[];
  /** Why probability metrics cannot be computed at all, when they cannot. */
  probaReason?: string;
  /** sklearn's multiclass ROC AUC check: every row's scores sum to 1 (np.allclose); true for binary. */
  rowsSumToOne: boolean;
  /**
   * Whether rankings are kept for later evaluations (the bootstrap re-weights one input many times). A
   * single report ranks each column once and lets it go, so at most one ranking is alive at a time.
   */
  keepRankings: boolean;
  rankings: (Ranking | undefined)[];
  cells?: Ranking;
}

export function prepareClassification(
  task: 'binary' | 'multiclass',
  input: ClassificationInput,
  keepRankings = true,
): PreparedClassification {
  const k = input.nClasses;
  const n = input.yTrue.length;
  if (!Number.isInteger(k) || k < 2)
    throw new ConfigurationError(`nClasses must be an integer >= 2, got ${k}.`);
  if (task === 'binary' && k !== 2) {
    throw new ConfigurationError(`A binary task has 2 classes, got nClasses = ${k}; use task multiclass.`);
  }
  if (input.yPred.length !== n) {
    throw new ConfigurationError(`yPred has ${input.yPred.length} rows but yTrue has ${n}.`);
  }
  checkClasses('yTrue', input.yTrue, k);
  checkClasses('yPred', input.yPred, k);
  checkWeights(input.weights, n);
  const positive = input.positive ?? 1;
  if (!Number.isInteger(positive) || positive < 0 || positive >= k) {
    throw new ConfigurationError(`The positive class must be a class index 0..${k - 1}, got ${positive}.`);
  }
  const classNames = input.classNames ?? Array.from({ length: k }, (_, i) => String(i));
  if (classNames.length !== k) {
    throw new ConfigurationError(`classNames has ${classNames.length} names for ${k} classes.`);
  }
  let probaReason: string | undefined;
  let rowsSumToOne = true;
  const proba = input.proba;
  if (proba === undefined) probaReason = NO_PROBABILITIES;
  else if (proba.length !== n * k) {
    throw new ConfigurationError(`proba has ${proba.length} values; ${n} rows × ${k} classes need ${n * k}.`);
  } else {
    let bad = 0;
    for (let i = 0; i < proba.length; i++) if (!Number.isFinite(proba[i])) bad++;
    if (bad > 0) probaReason = `the scores contain ${bad} NaN or infinite values`;
    // Only multiclass ROC AUC asks; a binary evaluation skips the pass over every row.
    const row = new Float64Array(k);
    for (let i = 0; i < n && rowsSumToOne && task === 'multiclass'; i++) {
      for (let c = 0; c < k; c++) row[c] = proba[i * k + c];
      const s = pairwiseSum(row);
      if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) rowsSumToOne = false;
    }
  }
  return {
    task,
    input,
    k,
    n,
    positive,
    classNames,
    probaReason,
    rowsSumToOne,
    keepRankings,
    rankings: new Array<Ranking | undefined>(k),
  };
}

function checkClasses(name: string, values: Int32Array, k: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= k) {
      throw new ConfigurationError(`${name}[${i}] is class ${v}; classes are 0..${k - 1}.`);
    }
  }
}

export function checkWeights(weights: Float64Array | undefined, n: number): void {
  if (weights === undefined) return;
  if (weights.length !== n)
    throw new ConfigurationError(`weights has ${weights.length} values for ${n} rows.`);
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new ConfigurationError(`weights[${i}] is ${w}; weights must be finite and >= 0.`);
    }
  }
}

/** The metrics of one prepared input under one set of weights; each piece computed on first use. */
export class ClassificationEvaluation {
  private countsCache?: LabelCounts;
  private readonly passes: (ClassPass | undefined)[];
  private cellPass?: ClassPass;

  constructor(
    readonly prepared: PreparedClassification,
    readonly weights: Float64Array | undefined,
  ) {
    this.passes = new Array<ClassPass | undefined>(prepared.k);
  }

  get counts(): LabelCounts {
    this.countsCache ??= countLabels(
      this.prepared.k,
      this.prepared.input.yTrue,
      this.prepared.input.yPred,
      this.weights,
    );
    return this.countsCache;
  }

  private pass(c: number): ClassPass {
    const p = this.prepared;
    let pass = this.passes[c];
    if (pass === undefined) {
      const ranking = p.rankings[c] ?? rankByColumn(p.input.proba!, p.k, c, p.input.yTrue);
      if (p.keepRankings) p.rankings[c] = ranking;
      pass = classPass(ranking, c, p.k, this.weights);
      this.passes[c] = pass;
    }
    return pass;
  }

  private cells(): ClassPass {
    const p = this.prepared;
    if (this.cellPass === undefined) {
      const cells = p.cells ?? rankCells(p.input.proba!, p.k, p.input.yTrue);
      if (p.keepRankings) p.cells = cells;
      this.cellPass = classPass(cells, 1, 2, this.weights);
    }
    return this.cellPass;
  }

  /** Why nothing can be computed (no rows, or all weight 0), if so. */
  private emptyReason(): string | undefined {
    if (this.prepared.n === 0) return 'no rows';
    // The label counts' total, without counting labels: a resample of ROC AUC does not need them.
    const w = this.weights;
    const total = this.countsCache?.totalWeight ?? (w === undefined ? this.prepared.n : pairwiseSum(w));
    if (total === 0) return 'the weights sum to 0';
    return undefined;
  }

  /** One scalar catalogue metric. */
  scalar(name: string): Outcome {
    const empty = this.emptyReason();
    if (empty !== undefined) return { reason: empty };
    const p = this.prepared;
    const info = METRICS[name];
    if (info.needsProba && p.probaReason !== undefined) return { reason: p.probaReason };
    const { yTrue, yPred, proba } = p.input;
    const w = this.weights;
    switch (name) {
      case 'accuracy':
        return accuracy(yTrue, yPred, w);
      case 'balanced_accuracy':
        return balancedAccuracy(this.counts);
      case 'precision':
      case 'recall':
      case 'f1':
        return precisionRecallF1(this.counts, 'binary', p.positive)[name];
      case 'matthews_corrcoef':
        return matthewsCorrcoef(this.counts);
      case 'cohen_kappa':
        return cohenKappa(this.counts);
      case 'roc_auc':
        return this.binaryAuc();
      case 'average_precision':
        return this.pass(p.positive).averagePrecision;
      case 'log_loss':
        return logLoss(proba!, p.k, yTrue, w);
      case 'brier_score':
        return brierScore(proba!, p.k, p.positive, yTrue, w);
      case 'roc_auc_ovr_macro':
      case 'roc_auc_ovr_weighted':
        return this.ovrAuc(name.endsWith('weighted'));
      case 'roc_auc_ovo_macro':
      case 'roc_auc_ovo_weighted':
        return this.ovoAuc(name.endsWith('weighted'));
      case 'average_precision_macro':
        return pairwiseSum(this.perClassAp()) / p.k;
      case 'average_precision_weighted':
        return supportWeighted(this.perClassAp(), this.counts.trueTotal);
      case 'average_precision_micro':
        return this.cells().averagePrecision;
    }
    const averaged = /^(precision|recall|f1)_(macro|micro|weighted)$/.exec(name);
    if (averaged !== null) {
      const base = averaged[1] as 'precision' | 'recall' | 'f1';
      return precisionRecallF1(this.counts, averaged[2] as Average, p.positive)[base];
    }
    throw new Error(`internal: ${name} is not a scalar ${p.task} metric`);
  }

  topK(k: number): Outcome {
    const empty = this.emptyReason();
    if (empty !== undefined) return { reason: empty };
    const p = this.prepared;
    if (p.probaReason !== undefined) return { reason: p.probaReason };
    if (k >= p.k)
      return { reason: `top_k_accuracy@${k} needs more than ${k} classes (the model has ${p.k})` };
    return topKAccuracy(p.input.proba!, p.k, k, p.input.yTrue, this.weights);
  }

  private binaryAuc(): Outcome {
    const p = this.prepared;
    const pass = this.pass(p.positive);
    const negative = 1 - p.positive;
    const pos = pass.totals[p.positive];
    const neg = pass.totals[negative];
    if (pos === 0 || neg === 0) return { reason: 'only one class present in y_true; ROC AUC is not defined' };
    return pass.area2[negative] / (2 * pos * neg);
  }

  private probabilityReason(): string | undefined {
    if (!this.prepared.rowsSumToOne) {
      return 'the scores of a row do not sum to 1, and multiclass ROC AUC needs probabilities';
    }
    return undefined;
  }

  private ovrAuc(weighted: boolean): Outcome {
    const why = this.probabilityReason();
    if (why !== undefined) return { reason: why };
    const p = this.prepared;
    const scores: number[] = [];
    for (let c = 0; c < p.k; c++) {
      const pass = this.pass(c);
      const pos = pass.totals[c];
      let neg = 0;
      let area2 = 0;
      for (let b = 0; b < p.k; b++) {
        if (b === c) continue;
        neg += pass.totals[b];
        area2 += pass.area2[b];
      }
      if (pos === 0 || neg === 0) {
        return {
          reason: `class ${p.classNames[c]} is ${pos === 0 ? 'absent from' : 'the only class in'} y_true, so one-vs-rest ROC AUC is not defined`,
        };
      }
      scores.push(area2 / (2 * pos * neg));
    }
    return weighted ? supportWeighted(scores, this.counts.trueTotal) : pairwiseSum(scores) / scores.length;
  }

  private ovoAuc(weighted: boolean): Outcome {
    const why = this.probabilityReason();
    if (why !== undefined) return { reason: why };
    const p = this.prepared;
    const totals = this.counts.trueTotal;
    const present: number[] = [];
    for (let c = 0; c < p.k; c++) if (totals[c] > 0) present.push(c);
    if (present.length < 2)
      return { reason: 'fewer than two classes present in y_true; one-vs-one ROC AUC is not defined' };
    const pairs: number[] = [];
    const prevalence: number[] = [];
    const total = this.counts.totalWeight;
    for (let i = 0; i < present.length; i++) {
      for (let j = i + 1; j < present.length; j++) {
        const a = present[i];
        const b = present[j];
        const ab = this.pass(a).area2[b] / (2 * totals[a] * totals[b]);
        const ba = this.pass(b).area2[a] / (2 * totals[b] * totals[a]);
        pairs.push((ab + ba) / 2);
        prevalence.push((totals[a] + totals[b]) / total);
      }
    }
    if (!weighted) return pairwiseSum(pairs) / pairs.length;
    return pairwiseSum(pairs.map((s, i) => s * prevalence[i])) / pairwiseSum(prevalence);
  }

  private perClassAp(): number[] {
    return Array.from({ length: this.prepared.k }, (_, c) => this.pass(c).averagePrecision);
  }
}

/** sklearn's `_average_binary_score(average='weighted')`: 0 when the support is ~0, zero-support scores 0. */
function supportWeighted(scores: number[], support: Float64Array): number {
  const sum = pairwiseSum(support);
  if (Math.abs(sum) <= 1e-8) return 0;
  const products = scores.map((s, c) => (support[c] === 0 ? 0 : s) * support[c]);
  return pairwiseSum(products) / sum;
}

/** Every metric of the binary or multiclass catalogue, per-class values and the confusion matrix. */
export function computeClassificationMetrics(
  task: 'binary' | 'multiclass',
  input: ClassificationInput,
): MetricReport {
  const prepared = prepareClassification(task, input, false);
  return reportOf(new ClassificationEvaluation(prepared, input.weights));
}

export function reportOf(evaluation: ClassificationEvaluation): MetricReport {
  const p = evaluation.prepared;
  const metrics: Record<string, MetricValue> = {};
  const unavailable: Record<string, string> = {};
  const put = (name: string, outcome: Outcome): number | null => {
    if (typeof outcome === 'number' && Number.isFinite(outcome)) return outcome;
    unavailable[name] = typeof outcome === 'number' ? `the value is ${outcome}` : outcome.reason;
    return null;
  };
  const counts = evaluation.counts;
  for (const name of metricNames(p.task)) {
    if (name === 'confusion_matrix') metrics[name] = confusionRows(counts);
    else if (name === 'top_k_accuracy') {
      const byK: Record<string, number> = {};
      if (p.probaReason !== undefined) {
        metrics[name] = null;
        unavailable[name] = p.probaReason;
        continue;
      }
      for (const k of TOP_K) {
        if (k >= p.k) continue;
        const v = put(`top_k_accuracy@${k}`, evaluation.topK(k));
        if (v !== null) byK[String(k)] = v;
      }
      metrics[name] = byK;
    } else metrics[name] = put(name, evaluation.scalar(name));
  }
  const perClassValues = perClass(counts);
  const per_class: Record<string, PerClassMetrics> = {};
  perClassValues.forEach((v, c) => (per_class[p.classNames[c]] = v));
  return { metrics, unavailable, per_class, confusion_matrix: confusionRows(counts) };
}
