/** A model's inputs and outputs as its ONNX Runtime session reports them. */
import type { OrtSession } from './ort.js';

export interface ValueSignature {
  name: string;
  /** False for sequences and maps (e.g. ZipMap's seq(map)): onnxruntime-node cannot return them. */
  isTensor: boolean;
  /** ORT's tensor type name (float32, int64, string, ...); undefined for non-tensors. */
  dtype?: string;
  /** Fixed sizes as numbers, symbolic ones as their names; empty when the model does not say. */
  shape: (number | string)[];
  /** The ONNX file's description of a non-tensor value, e.g. "seq(map(int64, float32))". */
  type?: string;
}

export interface ModelSignature {
  inputs: ValueSignature[];
  outputs: ValueSignature[];
}

export function sessionSignature(session: OrtSession, types: Record<string, string> = {}): ModelSignature {
  const describe = (meta: OrtSession['inputMetadata'][number]): ValueSignature =>
    meta.isTensor
      ? { name: meta.name, isTensor: true, dtype: meta.type, shape: [...meta.shape] }
      : {
          name: meta.name,
          isTensor: false,
          shape: [],
          ...(types[meta.name] ? { type: types[meta.name] } : {}),
        };
  return { inputs: session.inputMetadata.map(describe), outputs: session.outputMetadata.map(describe) };
}

/** "float32[N, 30]", "seq/map (not a tensor)". */
export function describeValue(v: ValueSignature): string {
  if (!v.isTensor) return v.type ? `${v.type}, not a tensor` : 'a sequence or map (not a tensor)';
  return `${v.dtype}[${v.shape.map((d) => (d === -1 || d === '' ? '?' : String(d))).join(', ')}]`;
}
