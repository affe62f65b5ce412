/**
 * The ONNX Runtime packages the actions provision, pinned with their integrity (npm's SRI strings).
 * package.json pins onnxruntime-node to the same version; a test keeps the two in step.
 */
export interface NpmTarballPin {
  name: string;
  version: string;
  /** Path of the tarball below the registry's base URL. */
  tarballPath: string;
  /** Subresource Integrity string, as npm's lockfile and packument publish it. */
  integrity: string;
}

/** A GPU provider library inside the NuGet package, and where it goes beside the binding. */
export interface GpuLibraryPin {
  file: string;
  pathInPackage: string;
  /** Providers that need this file. */
  neededBy: readonly GpuProvider[];
}

export type GpuProvider = 'cuda' | 'tensorrt';

export interface GpuPackagePin {
  /** NuGet package id, as onnxruntime-node's script/install-metadata.js names it. */
  id: string;
  version: string;
  /** platform/arch pairs the package has binaries for. */
  platforms: readonly string[];
  libraries: readonly GpuLibraryPin[];
}

export interface OrtPins {
  version: string;
  node: NpmTarballPin;
  common: NpmTarballPin;
  gpu: GpuPackagePin;
}

export const ORT_VERSION = '1.30.0';

export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org';
export const DEFAULT_NUGET_INDEX = 'https://api.nuget.org/v3/index.json';

export const ORT_PINS: OrtPins = {
  version: ORT_VERSION,
  node: {
    name: 'onnxruntime-node',
    version: ORT_VERSION,
    tarballPath: `onnxruntime-node/-/onnxruntime-node-${ORT_VERSION}.tgz`,
    integrity:
      'sha512-twhs1C2C/BFkz1yc5OY0KIU2GUq6DURO7hD4bx5Q2Qy3nAMJwRXW8xU3NVczE29VA9lolLOYepoD8fjTGOfIqw==',
  },
  common: {
    name: 'onnxruntime-common',
    version: ORT_VERSION,
    tarballPath: `onnxruntime-common/-/onnxruntime-common-${ORT_VERSION}.tgz`,
    integrity:
      'sha512-7fdVWjAID1dVhH/G8qK3APARunV4VkBFoCQAP7qp4Wkab0mrorvmc+sqiT+mKXOzDqdjN5j+/Z9nb4gzNPWcyA==',
  },
  gpu: {
    id: 'Microsoft.ML.OnnxRuntime.Gpu.Linux',
    version: ORT_VERSION,
    platforms: ['linux/x64'],
    libraries: [
      {
        file: 'libonnxruntime_providers_shared.so',
        pathInPackage: 'runtimes/linux-x64/native/libonnxruntime_providers_shared.so',
        neededBy: ['cuda', 'tensorrt'],
      },
      {
        file: 'libonnxruntime_providers_cuda.so',
        pathInPackage: 'runtimes/linux-x64/native/libonnxruntime_providers_cuda.so',
        neededBy: ['cuda', 'tensorrt'],
      },
      {
        file: 'libonnxruntime_providers_tensorrt.so',
        pathInPackage: 'runtimes/linux-x64/native/libonnxruntime_providers_tensorrt.so',
        neededBy: ['tensorrt'],
      },
    ],
  },
};

/** Tool names in the runner's tool cache ($RUNNER_TOOL_CACHE/<tool>/<version>/<platform>-<arch>). */
export const TOOL_CACHE_NAME = 'mlgate-onnxruntime';
export const GPU_TOOL_CACHE_NAME = 'mlgate-onnxruntime-gpu';

/** The libraries a set of GPU providers needs, in the package's order. */
export function librariesFor(pin: GpuPackagePin, providers: readonly GpuProvider[]): GpuLibraryPin[] {
  return pin.libraries.filter((lib) => lib.neededBy.some((p) => providers.includes(p)));
}
