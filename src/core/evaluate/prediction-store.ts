/**
 * Per-row results of a streamed evaluation, batch by batch: the model's outputs decoded by the output
 * plan into class indices, probabilities or values, next to the true labels and data row numbers.
 * Probabilities are kept in float64, the metric functions' type (a float32 copy converted at the end
 * would need both at once); `probaType` says whether they are the model's float32 values exactly.
 * Transformed scores (softmax/sigmoid) are computed in float64; a single positive-class column is
 * expanded to [1 − p, p].
 */
import { ConfigurationError } from '../errors.js';
import type { OrtTensor } from '../model/ort.js';
import type { OutputPlan, Task } from '../model/output-mapping.js';
import { Growable } from './growable.js';
import { RowIds } from './row-ids.js';
import type { ClassMap } from './labels.js';

export type NonFinitePolicy = 'error' | 'drop';

/** Probabilities that stray this far from [0, 1] or from summing to 1 are not probabilities. */
const PROBABILITY_TOLERANCE = 1e-6;
const ROW_SUM_TOLERANCE = 1e-3;
const FIRST_ROWS = 10;

export interface StoredPredictions {
  task: Task;
  rows: RowIds;
  /** Classification: true class index; regression: undefined. */
  yTrueClass?: Int32Array;
  yTrueValue?: Float64Array;
  yPred?: Int32Array;
  /** Row-major N × K. */
  proba?: Float64Array;
  /** FLOAT: every probability is a float32 value the model returned, unchanged; DOUBLE: computed. */
  probaType?: 'FLOAT' | 'DOUBLE';
  nClasses?: number;
  value?: Float64Array;
  nonFinite: { count: number; rows: number[]; policy: NonFinitePolicy };
}

export class PredictionStore {
  readonly rows: RowIds;
  readonly yTrueClass: Growable<Int32Array>;
  readonly yTrueValue: Growable<Float64Array>;
  readonly yPred: Growable<Int32Array>;
  readonly value: Growable<Float64Array>;
  proba: Growable<Float64Array> | undefined;
  private probaType: 'FLOAT' | 'DOUBLE' = 'DOUBLE';
  private k: number | undefined;
  readonly nonFinite = { count: 0, rows: [] as number[] };

  constructor(
    readonly task: Task,
    readonly plan: OutputPlan,
    readonly classMap: ClassMap | undefined,
    readonly policy: NonFinitePolicy,
    readonly modelName: string,
    expectedRows = 1 << 14,
  ) {
    const initial = Math.max(1024, Math.min(expectedRows, 1 << 26));
    this.rows = new RowIds(initial);
    this.yTrueClass = new Growable(Int32Array, task === 'regression' ? 1 : initial);
    this.yTrueValue = new Growable(Float64Array, task === 'regression' ? initial : 1);
    this.yPred = new Growable(Int32Array, task === 'regression' ? 1 : initial);
    this.value = new Growable(Float64Array, task === 'regression' ? initial : 1);
    this.initialRows = initial;
  }
  private readonly initialRows: number;

  get length(): number {
    return this.rows.length;
  }

  /**
   * Adds a batch: `rowNumbers` are the data rows, `yTrue` the labels (class indices or values) of the
   * same rows, `outputs` what the session returned for them.
   */
  add(
    rowNumbers: ArrayLike<number>,
    yTrue: Int32Array | Float64Array,
    outputs: Record<string, OrtTensor>,
  ): void {
    const n = rowNumbers.length;
    if (this.task === 'regression') return this.addRegression(rowNumbers, yTrue as Float64Array, outputs);
    const plan = this.plan;
    const map = this.classMap!;
    let scores: Float64Array | Float32Array | undefined;
    let k = 0;
    if (plan.scores) {
      const tensor = outputs[plan.scores.name];
      const data = tensor.data as Float32Array | Float64Array;
      if (plan.scores.layout === 'matrix') {
        k = tensor.dims.length === 2 ? tensor.dims[1] : data.length / Math.max(1, n);
      } else k = 2;
      if (this.k === undefined) {
        this.k = k;
        map.setSize(k, `${this.modelName}: output "${plan.scores.name}"`);
        map.fixed = true;
        const initial = this.initialRows * k;
        this.proba = new Growable(Float64Array, initial);
        this.probaType =
          data instanceof Float32Array && plan.scores.transform === 'none' && plan.scores.layout === 'matrix'
            ? 'FLOAT'
            : 'DOUBLE';
      }
      scores = data;
    }
    // Which rows survive the non-finite policy.
    const keep = new Uint8Array(n).fill(1);
    let dropped = 0;
    if (scores) {
      const width = plan.scores!.layout === 'matrix' ? k : 1;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < width; j++) {
          if (!Number.isFinite(scores[i * width + j])) {
            keep[i] = 0;
            break;
          }
        }
        if (!keep[i]) {
          dropped++;
          this.noteNonFinite(rowNumbers[i], plan.scores!.name);
        }
      }
    }
    let labels: ArrayLike<number | bigint | string> | undefined;
    if (plan.label) labels = outputs[plan.label.name].data as ArrayLike<number | bigint | string>;

    const m = n - dropped;
    const yt = this.yTrueClass.reserve(m);
    const yp = this.yPred.reserve(m);
    const base = this.yTrueClass.length;
    let w = 0;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      yt[base + w] = yTrue[i];
      w++;
    }
    this.rows.push(rowNumbers, dropped ? keep : undefined);
    if (scores) {
      const proba = this.proba!.reserve(m * k);
      this.writeScores(scores, keep, n, k, proba, base * k, rowNumbers);
      if (!labels) {
        for (let i = 0, o = 0; i < n; i++) if (keep[i]) yp[base + o++] = argmax(proba, (base + o - 1) * k, k);
      }
      this.proba!.length += m * k;
    }
    if (labels) {
      for (let i = 0, o = 0; i < n; i++) {
        if (!keep[i]) continue;
        yp[base + o++] = this.predictedClass(labels[i], rowNumbers[i]);
      }
      if (scores) this.compareLabelWithScores(base, m, k, yp, labels, rowNumbers, keep);
    }
    this.yTrueClass.length += m;
    this.yPred.length += m;
  }

  /**
   * The model's label output against its highest probability, row by row (clear winners only: top two
   * more than 1e-6 apart). A model may move its decision threshold, so some disagreement is normal; most
   * rows disagreeing means the classes are listed in another order than the probability columns, and
   * every probability metric would be silently wrong: that stops the run.
   */
  readonly agreement = { rows: 0, disagreeing: 0, first: undefined as string | undefined };
  private compareLabelWithScores(
    base: number,
    m: number,
    k: number,
    yp: Int32Array,
    labels: ArrayLike<number | bigint | string>,
    rowNumbers: ArrayLike<number>,
    keep: Uint8Array,
  ): void {
    const proba = this.proba!.reserve(0);
    const kept: number[] = [];
    for (let i = 0; i < keep.length; i++) if (keep[i]) kept.push(i);
    for (let o = 0; o < m; o++) {
      const start = (base + o) * k;
      let best = 0;
      let top = -Infinity;
      let second = -Infinity;
      for (let j = 0; j < k; j++) {
        const p = proba[start + j];
        if (p > top) {
          second = top;
          top = p;
          best = j;
        } else if (p > second) second = p;
      }
      if (top - second <= 1e-6) continue;
      this.agreement.rows++;
      if (yp[base + o] !== best) {
        this.agreement.disagreeing++;
        if (this.agreement.first === undefined) {
          const names = this.classMap!.names;
          this.agreement.first = `data row ${rowNumbers[kept[o]]}: the label output says ${JSON.stringify(String(labels[kept[o]]))} (class ${yp[base + o]}${names[yp[base + o]] !== undefined ? `, "${names[yp[base + o]]}"` : ''}) but the highest probability is in column ${best}${names[best] !== undefined ? ` ("${names[best]}")` : ''}`;
        }
      }
    }
    if (this.agreement.rows >= 100) this.checkAgreement();
  }

  private checkAgreement(): void {
    const { rows, disagreeing, first } = this.agreement;
    if (rows > 0 && disagreeing * 2 > rows) {
      throw new ConfigurationError(
        `${this.modelName}: its label output and its probabilities disagree on ${disagreeing} of ${rows} rows (${first}): the classes are not in the order of the model's probability columns. List classes (--classes) in that order (for scikit-learn models: model.classes_), or choose the outputs (--probabilities, --label-output)`,
      );
    }
  }

  private writeScores(
    scores: Float32Array | Float64Array,
    keep: Uint8Array,
    n: number,
    k: number,
    out: Float64Array,
    offset: number,
    rowNumbers: ArrayLike<number>,
  ): void {
    const { layout, transform, name } = this.plan.scores!;
    let o = offset;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      if (layout === 'single') {
        const raw = scores[i];
        const p = transform === 'sigmoid' ? sigmoid(raw) : raw;
        if (transform === 'none' && (p < -PROBABILITY_TOLERANCE || p > 1 + PROBABILITY_TOLERANCE)) {
          this.notProbabilities(rowNumbers[i], name, [raw], `${p} is outside [0, 1]`);
        }
        out[o] = 1 - p;
        out[o + 1] = p;
        o += 2;
        continue;
      }
      const start = i * k;
      if (transform === 'softmax') {
        let max = -Infinity;
        for (let j = 0; j < k; j++) if (scores[start + j] > max) max = scores[start + j];
        let sum = 0;
        for (let j = 0; j < k; j++) sum += Math.exp(scores[start + j] - max);
        for (let j = 0; j < k; j++) out[o + j] = Math.exp(scores[start + j] - max) / sum;
      } else {
        // Inline checks (no per-row call or view: this loop runs for every value of every row).
        let sum = 0;
        let bad = false;
        for (let j = 0; j < k; j++) {
          const p = scores[start + j];
          if (p < -PROBABILITY_TOLERANCE || p > 1 + PROBABILITY_TOLERANCE) bad = true;
          sum += p;
          out[o + j] = p;
        }
        if (bad || Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
          const values = scores.subarray(start, start + k);
          const outside = Array.from(values).find(
            (p) => p < -PROBABILITY_TOLERANCE || p > 1 + PROBABILITY_TOLERANCE,
          );
          this.notProbabilities(
            rowNumbers[i],
            name,
            values,
            outside !== undefined ? `${outside} is outside [0, 1]` : `they sum to ${sum}`,
          );
        }
      }
      o += k;
    }
  }

  private notProbabilities(row: number, name: string, values: ArrayLike<number>, why: string): never {
    const shown = Array.from(values)
      .slice(0, 6)
      .map((v) => Number(v.toPrecision(6)));
    const hint =
      this.plan.scores!.layout === 'single'
        ? 'If it is a logit or a raw score, set transform sigmoid (--transform sigmoid)'
        : 'If they are logits or raw scores, set transform softmax (--transform softmax)';
    throw new ConfigurationError(
      `${this.modelName}: output "${name}" does not hold probabilities: for data row ${row} it gives [${shown.join(', ')}${values.length > 6 ? ', …' : ''}] and ${why}. ${hint}, or choose another output (--probabilities NAME)`,
    );
  }

  private noteNonFinite(row: number, name: string): void {
    this.nonFinite.count++;
    if (this.nonFinite.rows.length < FIRST_ROWS) this.nonFinite.rows.push(row);
    if (this.policy === 'error') {
      throw new ConfigurationError(
        `${this.modelName}: output "${name}" is NaN or infinite for data row ${row}; check that row's features (missing values are fed as NaN), or set non-finite: drop to leave such rows out of the metrics (they are counted in the result)`,
      );
    }
  }

  private predictedClass(value: number | bigint | string, row: number): number {
    const map = this.classMap!;
    if (typeof value === 'string') {
      const index = map.lookup(value);
      if (index === undefined) {
        throw new ConfigurationError(
          map.classes
            ? `${this.modelName}: predicted label "${value}" for data row ${row}, which is not one of the classes (${map.classes.join(', ')})`
            : `${this.modelName}: its label output "${this.plan.label!.name}" gives text labels (e.g. "${value}"); give classes (--classes) in the order of the model's probability columns`,
        );
      }
      return index;
    }
    const v = Number(value);
    if (map.classes) {
      const index = map.lookup(String(v));
      if (index === undefined) {
        throw new ConfigurationError(
          `${this.modelName}: predicted label ${v} for data row ${row}, which is not one of the classes (${map.classes.join(', ')})`,
        );
      }
      return index;
    }
    if (!Number.isInteger(v) || v < 0 || (map.fixed && map.size !== undefined && v >= map.size)) {
      throw new ConfigurationError(
        `${this.modelName}: predicted label ${v} for data row ${row} is not a class index${map.size ? ` (0..${map.size - 1})` : ''}`,
      );
    }
    map.observe(v);
    return v;
  }

  private addRegression(
    rowNumbers: ArrayLike<number>,
    yTrue: Float64Array,
    outputs: Record<string, OrtTensor>,
  ): void {
    const name = this.plan.value!.name;
    const data = outputs[name].data as ArrayLike<number | bigint>;
    const n = rowNumbers.length;
    const yt = this.yTrueValue.reserve(n);
    const v = this.value.reserve(n);
    const keep = new Uint8Array(n);
    let w = this.yTrueValue.length;
    for (let i = 0; i < n; i++) {
      const p = Number(data[i]);
      if (!Number.isFinite(p)) {
        this.noteNonFinite(rowNumbers[i], name);
        continue;
      }
      keep[i] = 1;
      yt[w] = yTrue[i];
      v[w] = p;
      w++;
    }
    const m = w - this.yTrueValue.length;
    this.rows.push(rowNumbers, m < n ? keep : undefined);
    this.yTrueValue.length += m;
    this.value.length += m;
  }

  finish(): StoredPredictions {
    if (this.agreement.rows > 0) this.checkAgreement();
    const nonFinite = { ...this.nonFinite, policy: this.policy };
    if (this.task === 'regression') {
      return {
        task: this.task,
        rows: this.rows,
        yTrueValue: this.yTrueValue.finish(),
        value: this.value.finish(),
        nonFinite,
      };
    }
    return {
      task: this.task,
      rows: this.rows,
      yTrueClass: this.yTrueClass.finish(),
      yPred: this.yPred.finish(),
      proba: this.proba?.finish(),
      ...(this.proba ? { probaType: this.probaType } : {}),
      nClasses: this.classMap!.size,
      nonFinite,
    };
  }
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** First index of the largest value (numpy's argmax: ties go to the lower class). */
function argmax(values: ArrayLike<number>, start: number, k: number): number {
  let best = 0;
  let max = values[start];
  for (let j = 1; j < k; j++) {
    if (values[start + j] > max) {
      max = values[start + j];
      best = j;
    }
  }
  return best;
}
