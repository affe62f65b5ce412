/**
 * The metric catalogue (names are a contract, DESIGN §4): which task has which metric, its direction,
 * whether it needs probabilities, MLflow's names as aliases, and the latency names measured elsewhere.
 */
import { suggest } from '../config/did-you-mean.js';
import { ConfigurationError } from '../errors.js';
import type { Task } from './types.js';

export interface MetricInfo {
  tasks: readonly Task[];
  greaterIsBetter: boolean;
  needsProba: boolean;
  description: string;
  /** 'matrix' and 'by_k' values are tables, not numbers a threshold can judge. */
  shape: 'scalar' | 'matrix' | 'by_k';
}

const B: readonly Task[] = ['binary'];
const M: readonly Task[] = ['multiclass'];
const BM: readonly Task[] = ['binary', 'multiclass'];
const R: readonly Task[] = ['regression'];

function metric(
  tasks: readonly Task[],
  greaterIsBetter: boolean,
  needsProba: boolean,
  description: string,
  shape: MetricInfo['shape'] = 'scalar',
): MetricInfo {
  return { tasks, greaterIsBetter, needsProba, description, shape };
}

function averaged(base: 'precision' | 'recall' | 'f1'): Record<string, MetricInfo> {
  const what = { precision: 'precision', recall: 'recall', f1: 'F1' }[base];
  return {
    [`${base}_macro`]: metric(
      BM,
      true,
      false,
      `unweighted mean of per-class ${what} over the labels present`,
    ),
    [`${base}_micro`]: metric(BM, true, false, `${what} from the summed counts of all classes`),
    [`${base}_weighted`]: metric(BM, true, false, `per-class ${what} averaged with support weights`),
  };
}

/** Every model metric, in the order reports list them. */
export const METRICS: Readonly<Record<string, MetricInfo>> = {
  accuracy: metric(BM, true, false, 'fraction of rows predicted right'),
  balanced_accuracy: metric(BM, true, false, 'mean recall over the classes present in y_true'),
  precision: metric(B, true, false, 'tp / (tp + fp) for the positive class (0 when nothing is predicted)'),
  recall: metric(B, true, false, 'tp / (tp + fn) for the positive class'),
  f1: metric(B, true, false, 'harmonic mean of precision and recall for the positive class'),
  ...averaged('precision'),
  ...averaged('recall'),
  ...averaged('f1'),
  roc_auc: metric(B, true, true, 'area under the ROC curve of the positive-class score (ties half credit)'),
  roc_auc_ovr_macro: metric(M, true, true, 'one-vs-rest ROC AUC, mean over classes'),
  roc_auc_ovr_weighted: metric(M, true, true, 'one-vs-rest ROC AUC, weighted by class support'),
  roc_auc_ovo_macro: metric(M, true, true, 'one-vs-one ROC AUC (Hand & Till), mean over class pairs'),
  roc_auc_ovo_weighted: metric(M, true, true, 'one-vs-one ROC AUC, weighted by pair prevalence'),
  average_precision: metric(B, true, true, 'step sum Σ (R_n − R_{n−1}) P_n over the positive-class score'),
  average_precision_macro: metric(M, true, true, 'one-vs-rest average precision, mean over classes'),
  average_precision_micro: metric(M, true, true, 'average precision over every (row, class) score'),
  average_precision_weighted: metric(M, true, true, 'one-vs-rest average precision, support-weighted'),
  log_loss: metric(BM, false, true, 'mean −log p(true class), probabilities clipped to [eps, 1 − eps]'),
  brier_score: metric(B, false, true, 'mean squared error of the positive-class probability'),
  matthews_corrcoef: metric(BM, true, false, 'Matthews correlation coefficient (multiclass form)'),
  cohen_kappa: metric(BM, true, false, "Cohen's kappa between y_true and y_pred"),
  confusion_matrix: metric(BM, true, false, 'counts, rows = true class, columns = predicted', 'matrix'),
  top_k_accuracy: metric(
    M,
    true,
    true,
    'true class among the k highest scores, for k in 2, 3, 5 below K',
    'by_k',
  ),
  mae: metric(R, false, false, 'mean absolute error'),
  mse: metric(R, false, false, 'mean squared error'),
  rmse: metric(R, false, false, 'square root of the mean squared error'),
  r2: metric(R, true, false, 'coefficient of determination (1.0 or 0.0 on constant y_true, as sklearn)'),
  mape: metric(R, false, false, 'mean |y − ŷ| / max(|y|, eps), a fraction'),
  median_absolute_error: metric(R, false, false, 'median of |y − ŷ|'),
  explained_variance: metric(R, true, false, '1 − Var(y − ŷ) / Var(y)'),
  max_error: metric(R, false, false, 'largest |y − ŷ| (rows with weight 0 left out)'),
};

/** Latency figures: measured by the model runner; only their names and directions live here. */
export const LATENCY_METRICS: Readonly<Record<string, { greaterIsBetter: boolean; description: string }>> = {
  latency_p50_ms: { greaterIsBetter: false, description: 'median latency per row, milliseconds' },
  latency_p95_ms: { greaterIsBetter: false, description: '95th percentile latency per row, milliseconds' },
  latency_p99_ms: { greaterIsBetter: false, description: '99th percentile latency per row, milliseconds' },
  rows_per_s: { greaterIsBetter: true, description: 'throughput, rows per second' },
};

/** MLflow's (and scikit-learn's function) names. MLflow's multiclass evaluator averages 'weighted'. */
const ALIASES: Readonly<Record<Task, Readonly<Record<string, string>>>> = {
  binary: {
    accuracy_score: 'accuracy',
    balanced_accuracy_score: 'balanced_accuracy',
    precision_score: 'precision',
    recall_score: 'recall',
    f1_score: 'f1',
    roc_auc_score: 'roc_auc',
    precision_recall_auc: 'average_precision',
    average_precision_score: 'average_precision',
    brier_score_loss: 'brier_score',
    cohen_kappa_score: 'cohen_kappa',
  },
  multiclass: {
    accuracy_score: 'accuracy',
    balanced_accuracy_score: 'balanced_accuracy',
    precision_score: 'precision_weighted',
    recall_score: 'recall_weighted',
    f1_score: 'f1_weighted',
    roc_auc: 'roc_auc_ovr_weighted',
    roc_auc_score: 'roc_auc_ovr_weighted',
    precision_recall_auc: 'average_precision_weighted',
    average_precision_score: 'average_precision_weighted',
    cohen_kappa_score: 'cohen_kappa',
    top_k_accuracy_score: 'top_k_accuracy',
  },
  regression: {
    mean_absolute_error: 'mae',
    mean_squared_error: 'mse',
    root_mean_squared_error: 'rmse',
    r2_score: 'r2',
    mean_absolute_percentage_error: 'mape',
    explained_variance_score: 'explained_variance',
  },
};

const PER_CLASS_BASES: Readonly<Record<string, 'precision' | 'recall' | 'f1'>> = {
  precision: 'precision',
  recall: 'recall',
  f1: 'f1',
  precision_score: 'precision',
  recall_score: 'recall',
  f1_score: 'f1',
};

/** The catalogue names of a task, in report order. */
export function metricNames(task: Task): string[] {
  return Object.keys(METRICS).filter((name) => METRICS[name].tasks.includes(task));
}

export interface ResolveOptions {
  /** Class names by index: per-class names are checked and written with the class name. */
  classNames?: readonly string[];
  /** Where the name came from, for the error message (e.g. "thresholds[0].metric in mlgate.yml"). */
  where?: string;
}

/** A parsed metric name: a catalogue metric, one class's precision/recall/F1, top-k at one k, or latency. */
export type ParsedMetric =
  | { kind: 'catalogue'; name: string }
  | { kind: 'per_class'; name: string; base: 'precision' | 'recall' | 'f1'; cls: string }
  | { kind: 'top_k'; name: string; k: number }
  | { kind: 'latency'; name: string };

/**
 * The canonical name for `name` under `task`: catalogue names, MLflow aliases, `recall[setosa]` / `f1[2]`
 * (class by name or index), `top_k_accuracy@3`, and the latency names. Unknown names throw a
 * ConfigurationError with a did-you-mean hint and the allowed names.
 */
export function resolveMetricName(name: string, task: Task, options: ResolveOptions = {}): string {
  return parseMetricName(name, task, options).name;
}

export function parseMetricName(name: string, task: Task, options: ResolveOptions = {}): ParsedMetric {
  const raw = name.trim();
  const lower = raw.toLowerCase();
  if (lower in LATENCY_METRICS) return { kind: 'latency', name: lower };
  const classification = task !== 'regression';

  const topK = /^(.+?)@(\d+)$/.exec(lower);
  if (topK !== null && classification) {
    const base = ALIASES[task][topK[1]] ?? topK[1];
    const k = Number(topK[2]);
    if (base === 'top_k_accuracy' && task === 'multiclass' && k >= 1) {
      return { kind: 'top_k', name: `top_k_accuracy@${k}`, k };
    }
  }

  const perClass = /^([a-z0-9_]+)\[(.+)\]$/i.exec(raw);
  if (perClass !== null && classification) {
    const base = PER_CLASS_BASES[perClass[1].toLowerCase()];
    if (base !== undefined) {
      const cls = resolveClass(perClass[2].trim(), raw, task, options);
      return { kind: 'per_class', name: `${base}[${cls}]`, base, cls };
    }
  }

  if (lower in METRICS && METRICS[lower].tasks.includes(task)) return { kind: 'catalogue', name: lower };
  const alias = ALIASES[task][lower];
  if (alias !== undefined) return { kind: 'catalogue', name: alias };
  throw unknownMetric(raw, task, options.where);
}

function resolveClass(cls: string, raw: string, task: Task, options: ResolveOptions): string {
  const names = options.classNames;
  if (names === undefined) return cls;
  if (names.includes(cls)) return cls;
  if (/^\d+$/.test(cls) && Number(cls) < names.length) return names[Number(cls)];
  const hint = suggest(cls, names);
  throw new ConfigurationError(
    `Unknown class "${cls}" in metric "${raw}"${at(options.where)} for task ${task}` +
      `${hint === undefined ? '' : `; did you mean "${hint}"?`}. Classes: ${names.join(', ')} ` +
      `(or their index 0..${names.length - 1}).`,
  );
}

function at(where: string | undefined): string {
  return where === undefined ? '' : ` (${where})`;
}

function unknownMetric(raw: string, task: Task, where: string | undefined): ConfigurationError {
  if (raw.toLowerCase() === 'example_count') {
    return new ConfigurationError(
      `"example_count"${at(where)} is not a metric: the evaluated row count is reported as "rows".`,
    );
  }
  const allowed = [...metricNames(task), ...Object.keys(LATENCY_METRICS)];
  const candidates = [...allowed, ...Object.keys(ALIASES[task])];
  if (task === 'multiclass') candidates.push('top_k_accuracy@3');
  const hint = suggest(raw, candidates);
  const other = (['binary', 'multiclass', 'regression'] as const).find(
    (t) => t !== task && (METRICS[raw.toLowerCase()]?.tasks.includes(t) || ALIASES[t][raw.toLowerCase()]),
  );
  const extras =
    task === 'regression'
      ? ''
      : `, per class as precision[CLASS], recall[CLASS], f1[CLASS]` +
        (task === 'multiclass' ? ', top_k_accuracy@K' : '');
  return new ConfigurationError(
    `Unknown metric "${raw}"${at(where)} for task ${task}` +
      (other !== undefined ? ` (it is a ${other} metric)` : '') +
      (hint !== undefined ? `; did you mean "${hint}"?` : '.') +
      ` Allowed: ${allowed.join(', ')}${extras}; MLflow names such as ${Object.keys(ALIASES[task])
        .slice(0, 4)
        .join(', ')} are accepted too.`,
  );
}

/** Whether a larger value is better for `name` (any task's catalogue name, alias, per-class, latency). */
export function metricDirection(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (lower in LATENCY_METRICS) return LATENCY_METRICS[lower].greaterIsBetter;
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    try {
      const parsed = parseMetricName(name, task);
      if (parsed.kind === 'catalogue') return METRICS[parsed.name].greaterIsBetter;
      return true; // per-class precision/recall/F1 and top-k accuracy
    } catch {
      // not a name of this task: try the next
    }
  }
  throw unknownMetricAnyTask(name);
}

function unknownMetricAnyTask(name: string): ConfigurationError {
  const all = [...Object.keys(METRICS), ...Object.keys(LATENCY_METRICS)];
  const hint = suggest(name, all);
  return new ConfigurationError(
    `Unknown metric "${name}"${hint === undefined ? '' : `; did you mean "${hint}"?`} Known: ${all.join(', ')}.`,
  );
}
