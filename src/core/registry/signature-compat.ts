/**
 * Whether a new model version can replace the previous one for a caller that feeds the previous model's
 * inputs and reads its outputs. `auto` bumps pick major when anything here is breaking; the sentences
 * go into the manifest (bump.breaking_changes) and the model card as written.
 */
import type { OnnxModelInfo, OnnxValueInfo } from '../model/onnx-file.js';
import type { ModelSignatureRecord, SignatureValue } from './types.js';

/** The signature the manifest records: the ONNX file's inputs and outputs, and the classes when known. */
export function signatureFromOnnx(info: OnnxModelInfo, classes?: string[]): ModelSignatureRecord {
  return {
    inputs: info.inputs.map(signatureValue),
    outputs: info.outputs.map(signatureValue),
    ...(classes !== undefined && { classes: [...classes] }),
  };
}

function signatureValue(value: OnnxValueInfo): SignatureValue {
  // Element, key and value types of seq/map/optional live in the description: the record keeps only what
  // ORT's session metadata would show, plus that text.
  return {
    name: value.name,
    kind: value.kind,
    ...(value.dtype !== undefined && { dtype: value.dtype }),
    ...(value.shape !== undefined && { shape: [...value.shape] }),
    description: value.description,
  };
}

/** One plain English sentence per difference, e.g. `input "age" changed dtype float32 → float64`. */
export interface SignatureComparison {
  /** Differences that break a caller of the previous model. */
  breaking: string[];
  /** Differences that the same caller survives, listed so the card can say what moved. */
  compatible: string[];
}

type Side = 'input' | 'output';

/**
 * Compares two signatures. Inputs and outputs are matched by name: ONNX Runtime feeds and fetches values
 * by name, so their order in the graph is not part of the contract and reordering is not reported.
 * Entries come in a fixed order: inputs (the previous model's order, then added ones), outputs, classes.
 */
export function compareSignatures(
  previous: ModelSignatureRecord,
  next: ModelSignatureRecord,
): SignatureComparison {
  const result: SignatureComparison = { breaking: [], compatible: [] };
  compareValues('input', previous.inputs, next.inputs, result);
  compareValues('output', previous.outputs, next.outputs, result);
  compareClasses(previous.classes, next.classes, result);
  return result;
}

function compareValues(
  side: Side,
  previous: SignatureValue[],
  next: SignatureValue[],
  result: SignatureComparison,
): void {
  const nextByName = byName(next);
  const previousByName = byName(previous);
  for (const before of previousByName.values()) {
    const after = nextByName.get(before.name);
    // A missing input fails the session's run (ORT requires every input); a missing output fails the fetch.
    if (after === undefined) result.breaking.push(`${label(side, before.name)} removed`);
    else compareValue(side, before, after, result);
  }
  for (const after of nextByName.values()) {
    if (previousByName.has(after.name)) continue;
    const sentence = `${label(side, after.name)} added (${after.description})`;
    // The old caller does not feed a new input, and ORT refuses a run without it; a new output is unread.
    (side === 'input' ? result.breaking : result.compatible).push(sentence);
  }
}

/** ONNX requires unique value names; should a file repeat one, the first declaration counts. */
function byName(values: SignatureValue[]): Map<string, SignatureValue> {
  const map = new Map<string, SignatureValue>();
  for (const value of values) if (!map.has(value.name)) map.set(value.name, value);
  return map;
}

/** `input "age"`: JSON quoting keeps quotes and newlines in a name from blurring the sentence. */
function label(side: Side, name: string): string {
  return `${side} ${JSON.stringify(name)}`;
}

function compareValue(
  side: Side,
  before: SignatureValue,
  after: SignatureValue,
  result: SignatureComparison,
): void {
  const what = label(side, before.name);
  if (before.kind !== after.kind) {
    result.breaking.push(`${what} changed kind ${before.kind} → ${after.kind}`);
    return;
  }
  if (before.kind === 'sequence' || before.kind === 'map' || before.kind === 'optional') {
    // What these hold (ZipMap's seq(map(int64, float32))) is only in the description.
    if (before.description !== after.description) {
      result.breaking.push(`${what} changed type ${before.description} → ${after.description}`);
    }
    return;
  }
  if (before.dtype !== after.dtype) {
    result.breaking.push(`${what} changed dtype ${before.dtype ?? 'unknown'} → ${after.dtype ?? 'unknown'}`);
  }
  compareShapes(side, what, before.shape, after.shape, result);
}

type Dimension = number | string | null;

function compareShapes(
  side: Side,
  what: string,
  before: Dimension[] | undefined,
  after: Dimension[] | undefined,
  result: SignatureComparison,
): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined || after === undefined) {
    // No shape means any rank: nothing to hold the other side to, so one note and no dimension checks.
    const which = before === undefined ? 'previous' : 'next';
    result.compatible.push(
      `${what} has no shape in the ${which} model (any rank), so its dimensions are not compared`,
    );
    return;
  }
  if (before.length !== after.length) {
    const sentence = `${what} changed rank ${before.length} → ${after.length} (${shapeText(before)} → ${shapeText(after)})`;
    result.breaking.push(sentence);
    return;
  }
  before.forEach((b, i) => {
    const a = after[i];
    if (b === a) return;
    const dimension = `${what} dimension ${i}`;
    const change = `${dimText(b)} → ${dimText(a)}`;
    if (typeof a === 'number') {
      if (typeof b === 'number') {
        result.breaking.push(`${dimension} changed ${change}`);
      } else if (side === 'input') {
        // The old caller may feed any size there; the new model takes only one.
        result.breaking.push(`${dimension} changed ${change} (became fixed)`);
      } else {
        // A reader that accepted any size there accepts this one.
        result.compatible.push(`${dimension} became fixed ${change}`);
      }
    } else if (typeof b === 'number') {
      result.compatible.push(`${dimension} relaxed ${change}`);
    } else if (typeof b === 'string' && typeof a === 'string') {
      result.compatible.push(`${dimension} renamed ${change}`);
    } else {
      // Symbolic ↔ unknown: neither side promises a size.
      result.compatible.push(`${dimension} changed ${change}`);
    }
  });
}

function dimText(d: Dimension): string {
  return d === null ? '?' : String(d);
}

function shapeText(shape: Dimension[]): string {
  return `[${shape.map(dimText).join(', ')}]`;
}

function compareClasses(
  before: string[] | undefined,
  after: string[] | undefined,
  result: SignatureComparison,
): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined || after === undefined) {
    // One side does not know its classes (the evaluation did not say): nothing to compare them with.
    const which = before === undefined ? 'next' : 'previous';
    result.compatible.push(`classes declared by the ${which} model only: ${listText(before ?? after ?? [])}`);
    return;
  }
  if (before.length === after.length && before.every((c, i) => c === after[i])) return;
  const afterSet = new Set(after);
  const beforeSet = new Set(before);
  const removed = before.filter((c) => !afterSet.has(c));
  const added = after.filter((c) => !beforeSet.has(c));
  if (removed.length === 0 && added.length === 0 && before.length === after.length) {
    // The probability columns now mean other classes: a caller reading column i reads the wrong class.
    result.breaking.push(`classes changed order ${listText(before)} → ${listText(after)}`);
    return;
  }
  const parts = [
    ...(removed.length ? [`removed ${listText(removed)}`] : []),
    ...(added.length ? [`added ${listText(added)}`] : []),
  ];
  // Same set, different length: a class is repeated on one side.
  if (parts.length === 0) parts.push(`${listText(before)} → ${listText(after)}`);
  result.breaking.push(`classes changed: ${parts.join(', ')}`);
}

function listText(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}
