/**
 * Which model outputs mean what. Auto-detected from the session's signature and overridable:
 * - classifiers: probabilities [N, K] (optionally with a label output [N]), a single probability of the
 *   positive class [N] or [N, 1], or logits/raw scores turned into probabilities only when asked
 *   (transform softmax for [N, K], sigmoid for one column): a guess would hide a wrong export;
 * - regression: one float output [N] or [N, 1].
 * Non-tensor outputs (skl2onnx's ZipMap, a seq(map)) cannot be returned by onnxruntime-node, so they are
 * never fetched; a model that has nothing else gets an error that says how to re-export it.
 */
import { ConfigurationError } from '../errors.js';
import { describeValue, type ModelSignature, type ValueSignature } from './signature.js';

export type Task = 'binary' | 'multiclass' | 'regression';
export type OutputTransform = 'none' | 'softmax' | 'sigmoid';

export interface OutputRequest {
  probabilities?: string;
  label?: string;
  value?: string;
  transform?: OutputTransform;
}

export interface OutputPlan {
  /** Probabilities or scores: [N, K] ('matrix') or the positive class alone ('single'). */
  scores?: { name: string; layout: 'matrix' | 'single'; transform: OutputTransform; classes?: number };
  /** The model's own predicted label. */
  label?: { name: string; dtype: string };
  /** Regression value. */
  value?: { name: string };
  /** Names to fetch from the session (tensor outputs only). */
  fetch: string[];
  /** Outputs not used, with why (shown in the report). */
  ignored: { name: string; reason: string }[];
}

// float16 outputs come back from onnxruntime-node as raw bit patterns (Uint16Array): never read as numbers.
const FLOATS = new Set(['float32', 'float64']);
const LABEL_TYPES = new Set(['int64', 'int32', 'string']);

function isColumn(v: ValueSignature): boolean {
  return v.shape.length === 1 || (v.shape.length === 2 && v.shape[1] === 1) || v.shape.length === 0;
}

function isMatrix(v: ValueSignature): boolean {
  return v.shape.length === 2 && (typeof v.shape[1] !== 'number' || v.shape[1] >= 2);
}

const ZIPMAP_HINT =
  'onnxruntime-node cannot return non-tensor outputs such as ZipMap (seq(map)); re-export the model with tensor probabilities, e.g. skl2onnx to_onnx(model, X, options={id(model): {"zipmap": False}}) or options={"zipmap": False}';

export function planOutputs(
  signature: ModelSignature,
  task: Task,
  request: OutputRequest,
  modelName: string,
): OutputPlan {
  const tensors = signature.outputs.filter((o) => o.isTensor);
  const nonTensors = signature.outputs.filter((o) => !o.isTensor);
  const byName = new Map(signature.outputs.map((o) => [o.name, o]));
  const pick = (name: string, role: string): ValueSignature => {
    const out = byName.get(name);
    if (!out) {
      throw new ConfigurationError(
        `${modelName}: has no output "${name}" (asked for as ${role}); its outputs are ${signature.outputs.map((o) => `"${o.name}" (${describeValue(o)})`).join(', ')}`,
      );
    }
    if (!out.isTensor)
      throw new ConfigurationError(`${modelName}: output "${name}" is not a tensor. ${ZIPMAP_HINT}`);
    return out;
  };
  if (tensors.length === 0) {
    throw new ConfigurationError(
      `${modelName}: has no tensor output to read (its outputs: ${signature.outputs.map((o) => `"${o.name}" (${describeValue(o)})`).join(', ')}). ${ZIPMAP_HINT}`,
    );
  }
  for (const o of tensors) {
    if (o.dtype === 'float16' && [request.probabilities, request.value].includes(o.name)) {
      throw new ConfigurationError(
        `${modelName}: output "${o.name}" is float16, which onnxruntime-node returns as raw 16-bit patterns; end the graph with a Cast to float32 (e.g. onnxconverter-common's convert_float_to_float16(..., keep_io_types=True))`,
      );
    }
  }
  const ignored = nonTensors.map((o) => ({
    name: o.name,
    reason: 'not a tensor (onnxruntime-node cannot return it)',
  }));
  const transform = request.transform ?? 'none';

  if (task === 'regression') {
    let value: ValueSignature;
    if (request.value) value = pick(request.value, 'the regression value');
    else {
      const candidates = tensors.filter((o) => FLOATS.has(o.dtype ?? '') && isColumn(o));
      if (candidates.length !== 1) {
        throw new ConfigurationError(
          `${modelName}: cannot tell which output is the prediction: ${candidates.length === 0 ? 'no' : candidates.length} float output${candidates.length === 1 ? '' : 's'} of shape [N] or [N, 1] (outputs: ${describeAll(tensors)}); choose one with the output option (--output NAME)`,
        );
      }
      value = candidates[0];
    }
    if (!FLOATS.has(value.dtype ?? '') && !LABEL_TYPES.has(value.dtype ?? '')) {
      throw new ConfigurationError(
        `${modelName}: output "${value.name}" is ${describeValue(value)}; a regression value must be numeric`,
      );
    }
    if (!isColumn(value)) {
      throw new ConfigurationError(
        `${modelName}: output "${value.name}" is ${describeValue(value)}; a regression value must be [N] or [N, 1]`,
      );
    }
    for (const o of tensors)
      if (o !== value) ignored.push({ name: o.name, reason: 'not the regression value' });
    return { value: { name: value.name }, fetch: [value.name], ignored };
  }

  // Classification.
  let scores: ValueSignature | undefined;
  if (request.probabilities) scores = pick(request.probabilities, 'the probabilities');
  else {
    const floats = tensors.filter((o) => FLOATS.has(o.dtype ?? ''));
    const matrices = floats.filter(isMatrix);
    const singles = floats.filter(isColumn);
    const prefer = (list: ValueSignature[]) =>
      list.find((o) => /prob/i.test(o.name)) ?? (list.length === 1 ? list[0] : undefined);
    scores = prefer(matrices) ?? (task === 'binary' ? prefer(singles) : undefined);
    if (!scores && matrices.length + (task === 'binary' ? singles.length : 0) > 1) {
      throw new ConfigurationError(
        `${modelName}: cannot tell which output holds the probabilities (outputs: ${describeAll(tensors)}); choose one with the probabilities option (--probabilities NAME)`,
      );
    }
  }
  let label: ValueSignature | undefined;
  if (request.label) label = pick(request.label, 'the label');
  else {
    const labels = tensors.filter((o) => o !== scores && LABEL_TYPES.has(o.dtype ?? '') && isColumn(o));
    label =
      labels.find((o) => /label|class|pred/i.test(o.name)) ?? (labels.length === 1 ? labels[0] : undefined);
  }
  if (!scores && !label) {
    throw new ConfigurationError(
      `${modelName}: found neither probabilities ([N, K] floats${task === 'binary' ? ', or one probability per row' : ''}) nor a label output ([N] int64 or string) among its outputs: ${describeAll(tensors)}${nonTensors.length ? `. ${ZIPMAP_HINT}` : ''}`,
    );
  }
  let scorePlan: OutputPlan['scores'];
  if (scores) {
    if (!FLOATS.has(scores.dtype ?? '')) {
      throw new ConfigurationError(
        `${modelName}: output "${scores.name}" is ${describeValue(scores)}; probabilities must be floats`,
      );
    }
    const layout = isMatrix(scores) ? 'matrix' : isColumn(scores) ? 'single' : undefined;
    if (!layout) {
      throw new ConfigurationError(
        `${modelName}: output "${scores.name}" is ${describeValue(scores)}; probabilities must be [N, K] or, for a binary model, [N] or [N, 1]`,
      );
    }
    if (layout === 'single' && task !== 'binary') {
      throw new ConfigurationError(
        `${modelName}: output "${scores.name}" is ${describeValue(scores)}: one score per row fits a binary model only; the task is ${task}`,
      );
    }
    if (layout === 'single' && transform === 'softmax') {
      throw new ConfigurationError(
        `${modelName}: transform softmax needs [N, K] scores; output "${scores.name}" has one per row: use sigmoid`,
      );
    }
    if (layout === 'matrix' && transform === 'sigmoid') {
      throw new ConfigurationError(
        `${modelName}: transform sigmoid fits one score per row; output "${scores.name}" is ${describeValue(scores)}: use softmax`,
      );
    }
    const k = scores.shape[1];
    scorePlan = {
      name: scores.name,
      layout,
      transform,
      classes: layout === 'matrix' && typeof k === 'number' ? k : layout === 'single' ? 2 : undefined,
    };
    if (task === 'binary' && scorePlan.classes !== undefined && scorePlan.classes !== 2) {
      throw new ConfigurationError(
        `${modelName}: output "${scores.name}" is ${describeValue(scores)}: ${scorePlan.classes} classes, but the task is binary; use task multiclass`,
      );
    }
  } else if (transform !== 'none') {
    throw new ConfigurationError(
      `${modelName}: transform ${transform} needs a scores output, and the model has none`,
    );
  }
  const fetch = [scores?.name, label?.name].filter((n): n is string => n !== undefined);
  for (const o of tensors) if (!fetch.includes(o.name)) ignored.push({ name: o.name, reason: 'not used' });
  return {
    scores: scorePlan,
    label: label ? { name: label.name, dtype: label.dtype! } : undefined,
    fetch,
    ignored,
  };
}

function describeAll(outputs: ValueSignature[]): string {
  return outputs.map((o) => `"${o.name}" (${describeValue(o)})`).join(', ');
}
