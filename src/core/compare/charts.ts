/**
 * The comparison report's curves and matrices for both models, thinned for an HTML page: ROC and
 * precision–recall from 1 024 score bins (a chart needs no more; the AUCs themselves are exact), a
 * 10-bin reliability curve, both confusion matrices, and absolute-error histograms on shared edges.
 */
import type { ClassificationInput, RegressionInput } from '../metrics/types.js';
import type { Task } from '../model/output-mapping.js';
import type { ComparisonCharts } from './result.js';

const BINS = 1024;

/** P(positive) per row (binary), or the top class's probability (multiclass). */
function scoreOf(input: ClassificationInput, i: number, task: Task): number {
  const k = input.nClasses;
  const proba = input.proba!;
  if (task === 'binary') return proba[i * k + (input.positive ?? 1)];
  let best = 0;
  for (let j = 0; j < k; j++) best = Math.max(best, proba[i * k + j]);
  return best;
}

function binned(input: ClassificationInput): {
  pos: Float64Array;
  neg: Float64Array;
  totalPos: number;
  totalNeg: number;
} {
  const pos = new Float64Array(BINS);
  const neg = new Float64Array(BINS);
  const positive = input.positive ?? 1;
  let totalPos = 0;
  let totalNeg = 0;
  for (let i = 0; i < input.yTrue.length; i++) {
    const p = scoreOf(input, i, 'binary');
    const b = Math.min(BINS - 1, Math.max(0, Math.floor(p * BINS)));
    if (input.yTrue[i] === positive) {
      pos[b]++;
      totalPos++;
    } else {
      neg[b]++;
      totalNeg++;
    }
  }
  return { pos, neg, totalPos, totalNeg };
}

function curves(input: ClassificationInput): { roc: [number, number][]; pr: [number, number][] } | undefined {
  const { pos, neg, totalPos, totalNeg } = binned(input);
  if (totalPos === 0 || totalNeg === 0) return undefined;
  const roc: [number, number][] = [[0, 0]];
  const pr: [number, number][] = [];
  let tp = 0;
  let fp = 0;
  for (let b = BINS - 1; b >= 0; b--) {
    if (pos[b] === 0 && neg[b] === 0) continue;
    tp += pos[b];
    fp += neg[b];
    roc.push([fp / totalNeg, tp / totalPos]);
    pr.push([tp / totalPos, tp / (tp + fp)]);
  }
  return { roc, pr };
}

function calibration(input: ClassificationInput, task: Task) {
  const bins = 10;
  const sum = new Float64Array(bins);
  const hit = new Float64Array(bins);
  const count = new Float64Array(bins);
  const positive = input.positive ?? 1;
  for (let i = 0; i < input.yTrue.length; i++) {
    const p = scoreOf(input, i, task);
    const b = Math.min(bins - 1, Math.floor(p * bins));
    sum[b] += p;
    count[b]++;
    // Binary: is the row positive; multiclass: is the top class right.
    if (task === 'binary' ? input.yTrue[i] === positive : input.yPred[i] === input.yTrue[i]) hit[b]++;
  }
  const out: { bin: number; predicted: number; observed: number; count: number }[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] > 0)
      out.push({ bin: b, predicted: sum[b] / count[b], observed: hit[b] / count[b], count: count[b] });
  }
  return out;
}

function confusion(input: ClassificationInput): number[][] {
  const k = input.nClasses;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < input.yTrue.length; i++) m[input.yTrue[i]][input.yPred[i]]++;
  return m;
}

export function comparisonCharts(
  task: Task,
  candidate: ClassificationInput | RegressionInput,
  baseline: ClassificationInput | RegressionInput,
  labels?: string[],
): ComparisonCharts {
  if (task === 'regression') {
    const c = candidate as RegressionInput;
    const b = baseline as RegressionInput;
    let hi = 0;
    for (let i = 0; i < c.yTrue.length; i++) {
      hi = Math.max(hi, Math.abs(c.yPred[i] - c.yTrue[i]), Math.abs(b.yPred[i] - b.yTrue[i]));
    }
    const bins = 20;
    const width = hi > 0 ? hi / bins : 1;
    const hist = (r: RegressionInput) => {
      const counts = new Array<number>(bins).fill(0);
      for (let i = 0; i < r.yTrue.length; i++)
        counts[Math.min(bins - 1, Math.floor(Math.abs(r.yPred[i] - r.yTrue[i]) / width))]++;
      return counts;
    };
    return {
      errors: {
        edges: Array.from({ length: bins + 1 }, (_, i) => i * width),
        candidate: hist(c),
        baseline: hist(b),
      },
    };
  }
  const c = candidate as ClassificationInput;
  const b = baseline as ClassificationInput;
  const charts: ComparisonCharts = {
    confusion: {
      labels: labels ?? Array.from({ length: c.nClasses }, (_, i) => String(i)),
      candidate: confusion(c),
      baseline: confusion(b),
    },
  };
  if (c.proba && b.proba) {
    if (task === 'binary') {
      const cc = curves(c);
      const bc = curves(b);
      if (cc && bc) {
        charts.roc = { candidate: cc.roc, baseline: bc.roc };
        charts.pr = { candidate: cc.pr, baseline: bc.pr };
      }
    }
    charts.calibration = { candidate: calibration(c, task), baseline: calibration(b, task) };
  }
  return charts;
}
