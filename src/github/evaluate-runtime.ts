import * as core from '@actions/core';
import type { Logger } from '../core/logger.js';
import type { Ort } from '../core/model/ort.js';
import {
  chooseProvider,
  detectGpu,
  getHostProbe,
  type ExecutionProvider,
  type ExecutionProviderRequest,
  type FallbackPolicy,
  type ProviderChoice,
} from '../core/model/providers.js';
import { provisionOnnxRuntime, type ProvisionedOrt } from '../core/model/provision/provision-onnxruntime.js';
import {
  actionResolveBases,
  actionWorkDir,
  getActionsCacheStore,
  getRunnerToolCache,
} from './ort-provision.js';

export interface ActionRuntime {
  ort: Ort;
  choice: ProviderChoice;
  bindingDir: string;
}

/**
 * ONNX Runtime for an action step (DESIGN §5): found or provisioned, with the GPU provider's libraries
 * when the workflow asks for cuda/tensorrt (or auto finds a GPU). A GPU request that cannot be met
 * fails the step unless `fallback: cpu`.
 */
export async function prepareActionRuntime(
  logger: Logger,
  options: {
    executionProvider?: ExecutionProviderRequest;
    fallback?: FallbackPolicy;
    onnxruntimePath?: string;
  },
): Promise<ActionRuntime> {
  const provision = (gpu: ExecutionProvider[]) =>
    provisionOnnxRuntime({
      logger,
      explicitPath: options.onnxruntimePath,
      explicitPathInput: 'onnxruntime-path',
      resolveFrom: actionResolveBases(),
      gpuProviders: gpu.filter((p): p is Exclude<ExecutionProvider, 'cpu'> => p !== 'cpu'),
      toolCache: getRunnerToolCache(),
      actionsCache: getActionsCacheStore(logger),
      workDir: actionWorkDir(),
    });
  let provisioned: ProvisionedOrt | undefined;
  const host = getHostProbe();
  const choice = await core.group('Provision ONNX Runtime', async () => {
    const chosen = await chooseProvider(options.executionProvider ?? 'cpu', options.fallback ?? 'none', {
      logger,
      gpu: () => detectGpu(host),
      provisionGpu: async (provider) => {
        provisioned = await provision([provider]);
      },
    });
    provisioned ??= await provision([]);
    return chosen;
  });
  const ready = provisioned!;
  logger.info(
    `ONNX Runtime ${ready.version} from ${ready.source} (${ready.dir}); provider ${choice.provider}: ${choice.reason}`,
  );
  return { ort: ready.ort as unknown as Ort, choice, bindingDir: ready.bindingDir };
}
