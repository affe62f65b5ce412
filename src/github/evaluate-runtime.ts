import * as core from '@actions/core';
import { ConfigurationError, getErrorMessage } from '../core/errors.js';
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
    /** The GPU provider libraries' folder or .nupkg (inputs onnxruntime-gpu-path / -sha512). */
    gpuPath?: string;
    gpuSha512?: string;
  },
): Promise<ActionRuntime> {
  const provision = (gpu: ExecutionProvider[]) =>
    provisionOnnxRuntime({
      logger,
      explicitPath: options.onnxruntimePath,
      explicitPathInput: 'onnxruntime-path',
      resolveFrom: actionResolveBases(),
      gpuProviders: gpu.filter((p): p is Exclude<ExecutionProvider, 'cpu'> => p !== 'cpu'),
      ...(options.gpuPath ? { gpuPath: options.gpuPath } : {}),
      ...(options.gpuSha512 ? { gpuSha512: options.gpuSha512 } : {}),
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
        try {
          provisioned = await provision([provider]);
        } catch (error) {
          throw asRunnerProblem(
            error,
            `the ${provider} provider libraries of ONNX Runtime could not be provisioned`,
            [
              'give the provider libraries or the downloaded .nupkg with the onnxruntime-gpu-path input (actions/gpu-preflight lists what else the runner lacks)',
              'or set fallback: cpu to run on the CPU instead',
            ],
          );
        }
      },
    });
    if (!provisioned) {
      try {
        provisioned = await provision([]);
      } catch (error) {
        throw asRunnerProblem(error, 'ONNX Runtime (onnxruntime-node) could not be provisioned', [
          'give a folder that holds onnxruntime-node with the onnxruntime-path input (air-gapped runners)',
          'or let the runner reach the npm registry (MLGATE_NPM_REGISTRY names a mirror)',
        ]);
      }
    }
    return chosen;
  });
  const ready = provisioned!;
  logger.info(
    `ONNX Runtime ${ready.version} from ${ready.source} (${ready.dir}); provider ${choice.provider}: ${choice.reason}`,
  );
  return { ort: ready.ort as unknown as Ort, choice, bindingDir: ready.bindingDir };
}

/**
 * A download or cache failure while provisioning is the runner's condition (no network, a mirror down),
 * which the workflow can fix: a clear failed step (exit 2) with the ways out, not an internal error.
 */
function asRunnerProblem(error: unknown, what: string, fixes: string[]): ConfigurationError {
  if (error instanceof ConfigurationError) return error;
  return new ConfigurationError(`${what}: ${getErrorMessage(error)}. To fix: ${fixes.join('; ')}.`, {
    cause: error,
  });
}
