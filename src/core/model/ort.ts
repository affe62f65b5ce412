/**
 * The part of onnxruntime-node's API mlgate uses, as types only: core never imports the native package
 * itself. The CLI loads the npm dependency (loadOrtDependency); the actions provision it (DESIGN §5) and
 * pass the loaded module in.
 */
import type * as OrtNamespace from 'onnxruntime-common';

export type Ort = Pick<typeof OrtNamespace, 'InferenceSession' | 'Tensor' | 'env'>;
export type OrtSession = OrtNamespace.InferenceSession;
export type OrtTensor = OrtNamespace.Tensor;
export type OrtSessionOptions = OrtNamespace.InferenceSession.SessionOptions;

/** The normal npm dependency (CLI, tests, a workspace that installed onnxruntime-node itself). */
export async function loadOrtDependency(): Promise<Ort> {
  const module = (await import('onnxruntime-node')) as unknown as Ort & { default?: Ort };
  return module.default ?? module;
}
