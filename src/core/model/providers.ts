import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { delimiter, join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-common';
import { suggest } from '../config/did-you-mean.js';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Execution providers: which one to ask ONNX Runtime for, what to do when it cannot start, and why.
 * ORT does not fall back by itself (a session asked for ['cuda'] fails when CUDA is missing), so the
 * fallback is explicit and every result records the provider that actually ran.
 */

export type ExecutionProvider = 'cpu' | 'cuda' | 'tensorrt';
export type ExecutionProviderRequest = ExecutionProvider | 'auto';
export type FallbackPolicy = 'none' | 'cpu';

export const EXECUTION_PROVIDERS: readonly ExecutionProviderRequest[] = ['cpu', 'cuda', 'tensorrt', 'auto'];
export const FALLBACK_POLICIES: readonly FallbackPolicy[] = ['none', 'cpu'];

/** What the CUDA provider of ORT 1.30 links against (CUDA 12.x, cuDNN 9.x). */
export const CUDA_LIBRARIES = [
  'libcudart.so.12',
  'libcublas.so.12',
  'libcublasLt.so.12',
  'libcufft.so.11',
  'libcurand.so.10',
  'libcudnn.so.9',
] as const;

/** TensorRT 10.x, which ORT 1.30's TensorRT provider loads, on top of the CUDA libraries. */
export const TENSORRT_LIBRARIES = [
  'libnvinfer.so.10',
  'libnvinfer_plugin.so.10',
  'libnvonnxparser.so.10',
] as const;

/** The ORT provider libraries each GPU provider needs beside the binding. */
export const PROVIDER_LIBRARIES: Record<Exclude<ExecutionProvider, 'cpu'>, readonly string[]> = {
  cuda: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'],
  tensorrt: [
    'libonnxruntime_providers_shared.so',
    'libonnxruntime_providers_cuda.so',
    'libonnxruntime_providers_tensorrt.so',
  ],
};

function parseChoice<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  where: string,
  fallback: T,
): T {
  const trimmed = value?.trim().toLowerCase() ?? '';
  if (trimmed === '') return fallback;
  if ((allowed as readonly string[]).includes(trimmed)) return trimmed as T;
  const hint = suggest(trimmed, allowed);
  throw new ConfigurationError(
    `${where}: "${value}" is not allowed; use one of ${allowed.join(', ')}.${hint ? ` Did you mean "${hint}"?` : ''}`,
  );
}

export function parseExecutionProvider(
  value: string | undefined,
  where = 'execution-provider',
): ExecutionProviderRequest {
  return parseChoice(value, EXECUTION_PROVIDERS, where, 'cpu');
}

export function parseFallback(value: string | undefined, where = 'fallback'): FallbackPolicy {
  return parseChoice(value, FALLBACK_POLICIES, where, 'none');
}

/** The effects that look at the runner; tests pass fakes. */
export interface HostProbe {
  env: Readonly<Record<string, string | undefined>>;
  fileExists(path: string): boolean;
  readFile(path: string): string | undefined;
  /** Runs a command; undefined when it cannot start (not installed). */
  exec(
    command: string,
    args: readonly string[],
  ): { status: number | null; stdout: string; stderr: string } | undefined;
  /** `exec` without blocking the thread while the command runs (default: `exec`). */
  execAsync?(
    command: string,
    args: readonly string[],
  ): Promise<{ status: number | null; stdout: string; stderr: string } | undefined>;
}

export function getHostProbe(env: Readonly<Record<string, string | undefined>> = process.env): HostProbe {
  return {
    env,
    fileExists: (path) => existsSync(path),
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    exec: (command, args) => {
      const result = spawnSync(command, args, { encoding: 'utf8', timeout: 15_000, env: { ...env } });
      if (result.error) return undefined;
      return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
    },
    execAsync: (command, args) =>
      new Promise((resolve) => {
        execFile(
          command,
          [...args],
          { encoding: 'utf8', timeout: 15_000, env: { ...env } },
          (error, stdout, stderr) => {
            const code = (error as { code?: unknown } | null)?.code;
            // A command that cannot start (ENOENT) is absent; one that ran and failed has a numeric status.
            if (error && typeof code !== 'number') resolve(undefined);
            else
              resolve({ status: error ? (code as number) : 0, stdout: stdout ?? '', stderr: stderr ?? '' });
          },
        );
      }),
  };
}

export interface GpuDetection {
  detected: boolean;
  /** What was found or looked for, in words for the log and the result. */
  evidence: string;
}

/** An NVIDIA GPU is taken to be present when nvidia-smi runs or the kernel driver reports a version. */
export function detectGpu(host: HostProbe): GpuDetection {
  const smi = host.exec('nvidia-smi', ['-L']);
  if (smi && smi.status === 0 && /GPU \d+/.test(smi.stdout)) {
    return { detected: true, evidence: `nvidia-smi lists ${smi.stdout.trim().split('\n')[0]}` };
  }
  const driver = host.readFile('/proc/driver/nvidia/version');
  if (driver !== undefined && driver.trim() !== '') {
    return { detected: true, evidence: `/proc/driver/nvidia/version: ${driver.trim().split('\n')[0]}` };
  }
  const why = smi
    ? `nvidia-smi exited with ${smi.status}${smi.stderr.trim() ? ` (${smi.stderr.trim().split('\n')[0]})` : ''}`
    : 'no nvidia-smi on PATH';
  return { detected: false, evidence: `${why} and no /proc/driver/nvidia/version` };
}

/** Finds a shared library the way the dynamic loader would: LD_LIBRARY_PATH, then `ldconfig -p`. */
export function createLibraryFinder(host: HostProbe): (name: string) => string | undefined {
  let cache: string | undefined;
  const ldconfig = (): string => {
    if (cache === undefined) {
      const run = host.exec('ldconfig', ['-p']) ?? host.exec('/sbin/ldconfig', ['-p']);
      cache = run?.status === 0 ? run.stdout : '';
    }
    return cache;
  };
  return (name) => {
    for (const dir of (host.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean)) {
      if (host.fileExists(join(dir, name))) return join(dir, name);
    }
    for (const line of ldconfig().split('\n')) {
      const match = /^\s*(\S+)\s.*=>\s*(\S+)\s*$/.exec(line);
      if (match && match[1] === name) return match[2];
    }
    return undefined;
  };
}

export interface ProviderChoice {
  provider: ExecutionProvider;
  /** Why this provider: "requested", or what auto saw. */
  reason: string;
}

/**
 * Turns the request into a provider. `auto` is CUDA when a GPU is detected and the provider libraries
 * provision, else CPU, with the reason recorded. An explicit GPU request whose libraries cannot be
 * provisioned fails, unless the workflow asked for fallback: cpu.
 */
export async function chooseProvider(
  request: ExecutionProviderRequest,
  fallback: FallbackPolicy,
  context: {
    logger: Logger;
    gpu: () => GpuDetection;
    provisionGpu: (provider: Exclude<ExecutionProvider, 'cpu'>) => Promise<void>;
  },
): Promise<ProviderChoice> {
  if (request === 'cpu') return { provider: 'cpu', reason: 'requested' };
  if (request === 'auto') {
    const gpu = context.gpu();
    if (!gpu.detected) return { provider: 'cpu', reason: `auto: no GPU detected (${gpu.evidence})` };
    try {
      await context.provisionGpu('cuda');
      return { provider: 'cuda', reason: `auto: GPU detected (${gpu.evidence})` };
    } catch (error) {
      const reason = `auto: GPU detected but the CUDA provider libraries could not be provisioned: ${getErrorMessage(error)}`;
      context.logger.warning(`${reason}; using the CPU.`);
      return { provider: 'cpu', reason };
    }
  }
  try {
    await context.provisionGpu(request);
    return { provider: request, reason: 'requested' };
  } catch (error) {
    if (fallback !== 'cpu') throw error;
    const reason = `${request} requested but its provider libraries could not be provisioned: ${getErrorMessage(error)}`;
    context.logger.warning(`${reason}; fallback: cpu, so the model runs on the CPU.`);
    return { provider: 'cpu', reason };
  }
}

/** A GPU provider that could not start, with what the runner lacks and how to fix it. */
export class ProviderError extends ConfigurationError {
  readonly provider: ExecutionProvider;
  readonly missing: string[];
  readonly ortMessage: string;
  constructor(
    message: string,
    details: { provider: ExecutionProvider; missing: string[]; ortMessage: string; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.provider = details.provider;
    this.missing = details.missing;
    this.ortMessage = details.ortMessage;
  }
}

/** What createSessionWithProvider may look at on the runner when a provider fails. */
export interface SessionProbe {
  logger: Logger;
  /** Folder of onnxruntime_binding.node (ProvisionedOrt.bindingDir). */
  bindingDir?: string;
  fileExists(path: string): boolean;
  findLibrary(name: string): string | undefined;
  gpu?(): GpuDetection;
}

export function getSessionProbe(
  logger: Logger,
  bindingDir?: string,
  host: HostProbe = getHostProbe(),
): SessionProbe {
  return {
    logger,
    bindingDir,
    fileExists: host.fileExists,
    findLibrary: createLibraryFinder(host),
    gpu: () => detectGpu(host),
  };
}

export interface ProviderDiagnosis {
  /** Files the runner lacks: shared libraries named by ORT or not found by the loader. */
  missing: string[];
  /** Other problems, in words. */
  problems: string[];
  hints: string[];
}

/** ORT errors that come from the execution provider rather than from the model. */
const PROVIDER_FAILURE =
  /ExecutionProvider|Failed to load (shared )?library|cannot open shared object|backend not found|CUDA|cuDNN|cublas|TensorRT|nvinfer|providers_/i;

const GENERIC_LOAD_FAILURE =
  /Failed to load (shared )?library|cannot open shared object file|backend not found/i;

/**
 * Reads ORT's error and the runner. ORT 1.30's thrown message is often only "…_Cuda: Failed to load
 * shared library" (the library it missed goes to its log on stderr), so the probe checks the files.
 */
export function diagnoseProviderFailure(
  provider: Exclude<ExecutionProvider, 'cpu'>,
  ortMessage: string,
  probe: SessionProbe,
): ProviderDiagnosis {
  const missing = new Set<string>();
  const problems: string[] = [];
  const hints: string[] = [];
  for (const match of ortMessage.matchAll(/(lib[\w.+-]+?\.so(?:\.\d+)*): cannot open shared object file/g)) {
    const file = match[1];
    // The loader repeats the full path of a provider library it missed; keep the file name.
    missing.add(file.slice(file.lastIndexOf('/') + 1));
  }
  for (const match of ortMessage.matchAll(/Failed to load library (\S*?(lib[\w.+-]+\.so(?:\.\d+)*))/g)) {
    const file = match[2];
    if (/providers/.test(file) && probe.bindingDir && !probe.fileExists(join(probe.bindingDir, file)))
      missing.add(file);
  }

  if (/driver version is insufficient/i.test(ortMessage)) {
    problems.push('the NVIDIA driver is too old for the CUDA 12 runtime');
    hints.push('update the NVIDIA driver (CUDA 12.x needs 525.60.13 or newer on Linux)');
  }
  if (/no CUDA-capable device|CUDA failure 100\b/i.test(ortMessage)) {
    problems.push('no GPU is visible to this process');
    hints.push('check CUDA_VISIBLE_DEVICES, and run containers with --gpus all (NVIDIA Container Toolkit)');
  }
  if (/backend not found/i.test(ortMessage)) {
    problems.push(
      `this ONNX Runtime build has no ${provider} provider on ${process.platform}/${process.arch}`,
    );
  }

  if (GENERIC_LOAD_FAILURE.test(ortMessage)) {
    if (probe.bindingDir) {
      for (const file of PROVIDER_LIBRARIES[provider]) {
        if (!probe.fileExists(join(probe.bindingDir, file))) missing.add(file);
      }
    }
    const runtime = provider === 'tensorrt' ? [...CUDA_LIBRARIES, ...TENSORRT_LIBRARIES] : CUDA_LIBRARIES;
    for (const lib of runtime) if (!probe.findLibrary(lib)) missing.add(lib);
  }
  const gpu = probe.gpu?.();
  if (gpu && !gpu.detected) problems.push(`no NVIDIA GPU was detected (${gpu.evidence})`);

  const list = [...missing];
  if (list.some((f) => f.startsWith('libonnxruntime_providers'))) {
    hints.push(
      `let mlgate provision ONNX Runtime's GPU provider libraries (execution-provider: ${provider}) or put them in ${probe.bindingDir ?? 'the binding folder'}`,
    );
  }
  if (list.some((f) => /cud|cublas|cufft|curand/.test(f))) {
    hints.push('install CUDA 12.x and cuDNN 9.x and make them visible to ldconfig or LD_LIBRARY_PATH');
  }
  if (list.some((f) => f.startsWith('libnv'))) hints.push('install TensorRT 10.x');
  hints.push('run actions/gpu-preflight on the runner to list what is missing');
  return { missing: list, problems, hints };
}

export interface SessionRequest {
  provider: ExecutionProvider;
  fallback: FallbackPolicy;
}

export interface ProviderSession {
  session: InferenceSession;
  /** The provider that actually runs the model. */
  provider: ExecutionProvider;
  fellBack: boolean;
  reason?: string;
}

interface OrtLike {
  InferenceSession: {
    create(model: string | Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession>;
  };
}

/** The execution providers list ORT gets; TensorRT hands the nodes it cannot take to CUDA. */
export function executionProvidersFor(provider: ExecutionProvider): string[] {
  if (provider === 'tensorrt') return ['tensorrt', 'cuda'];
  return [provider];
}

function createSession(
  ort: OrtLike,
  model: string | Uint8Array,
  sessionOptions: InferenceSession.SessionOptions,
  provider: ExecutionProvider,
) {
  return ort.InferenceSession.create(model as string, {
    ...sessionOptions,
    executionProviders: executionProvidersFor(provider),
  });
}

/**
 * Creates the session on the requested provider. When a GPU provider fails: with fallback none, a
 * ProviderError naming what the runner lacks; with fallback cpu, a warning and a CPU session.
 * Errors of the model itself (not the provider) are never hidden by a fallback.
 */
export async function createSessionWithProvider(
  ort: OrtLike,
  modelPathOrBytes: string | Uint8Array,
  request: SessionRequest,
  sessionOptions: InferenceSession.SessionOptions,
  probe: SessionProbe,
): Promise<ProviderSession> {
  const { provider } = request;
  try {
    const session = await createSession(ort, modelPathOrBytes, sessionOptions, provider);
    return { session, provider, fellBack: false };
  } catch (error) {
    const ortMessage = getErrorMessage(error);
    // A bad model fails on every provider: say that, not "CUDA is missing".
    if (provider === 'cpu' || !PROVIDER_FAILURE.test(ortMessage)) throw error;
    const diagnosis = diagnoseProviderFailure(provider, ortMessage, probe);
    const what = [
      ...diagnosis.problems,
      ...(diagnosis.missing.length ? [`missing ${diagnosis.missing.join(', ')}`] : []),
    ];
    const summary = `execution-provider ${provider} could not start on this runner${what.length ? `: ${what.join('; ')}` : ''}`;
    const firstLine = ortMessage.trim().split('\n')[0];
    if (request.fallback === 'cpu') {
      probe.logger.warning(
        `${summary} (ONNX Runtime: ${firstLine}). fallback: cpu, so the model runs on the CPU.`,
      );
      const session = await createSession(ort, modelPathOrBytes, sessionOptions, 'cpu');
      return { session, provider: 'cpu', fellBack: true, reason: `${summary} (ONNX Runtime: ${firstLine})` };
    }
    throw new ProviderError(
      `${summary}. ONNX Runtime said: "${firstLine}". To fix: ${[...diagnosis.hints, 'or set fallback: cpu to run on the CPU instead'].join('; ')}.`,
      { provider, missing: diagnosis.missing, ortMessage, cause: error },
    );
  }
}

export interface GpuInfo {
  name: string;
  driverVersion: string;
}

export interface RuntimeDescription {
  ortVersion: string;
  executionProvider?: ExecutionProvider;
  intraOpThreads: number;
  /** 'session-options' when set explicitly, else ORT's default (the physical cores). */
  intraOpThreadsSource: 'session-options' | 'ort-default';
  cpuModel: string;
  logicalCpus: number;
  gpus: GpuInfo[];
}

/** Physical cores from /proc/cpuinfo (ORT's default intra-op thread count); logical CPUs elsewhere. */
function physicalCores(host: HostProbe): number {
  const info = host.readFile('/proc/cpuinfo');
  if (info) {
    const cores = new Set<string>();
    for (const block of info.split(/\n\s*\n/)) {
      const physical = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
      const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
      if (physical !== undefined && core !== undefined) cores.add(`${physical}:${core}`);
    }
    if (cores.size > 0) return cores.size;
  }
  return availableParallelism();
}

const GPU_QUERY = ['--query-gpu=name,driver_version', '--format=csv,noheader'];

/** nvidia-smi --query-gpu=name,driver_version; empty when there is no nvidia-smi or it fails. */
export function queryGpus(host: HostProbe): GpuInfo[] {
  return parseGpus(host.exec('nvidia-smi', GPU_QUERY));
}

/**
 * queryGpus without blocking: a job starts it first, while the process is small (spawning costs ~12 ms
 * from a 270 MB process), and reads it when it writes the result.
 */
export async function queryGpusAsync(host: HostProbe): Promise<GpuInfo[]> {
  return parseGpus(
    host.execAsync ? await host.execAsync('nvidia-smi', GPU_QUERY) : host.exec('nvidia-smi', GPU_QUERY),
  );
}

function parseGpus(run: ReturnType<HostProbe['exec']>): GpuInfo[] {
  if (!run || run.status !== 0) return [];
  return run.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(',');
      return at === -1
        ? { name: line, driverVersion: '' }
        : { name: line.slice(0, at).trim(), driverVersion: line.slice(at + 1).trim() };
    });
}

/** What every result records about the runtime: ORT version, provider, threads, CPU and GPU model. */
export function describeRuntime(options: {
  ort: { env: { versions: { common: string; node?: string } } };
  provider?: ExecutionProvider;
  sessionOptions?: InferenceSession.SessionOptions;
  host?: HostProbe;
  cpuList?: () => Array<{ model: string }>;
  /** The GPUs when already queried (queryGpusAsync); otherwise nvidia-smi runs now. */
  gpus?: GpuInfo[];
}): RuntimeDescription {
  const host = options.host ?? getHostProbe();
  const list = (options.cpuList ?? cpus)();
  const explicit = options.sessionOptions?.intraOpNumThreads;
  return {
    ortVersion: options.ort.env.versions.node ?? options.ort.env.versions.common,
    executionProvider: options.provider,
    intraOpThreads: explicit && explicit > 0 ? explicit : physicalCores(host),
    intraOpThreadsSource: explicit && explicit > 0 ? 'session-options' : 'ort-default',
    cpuModel: list[0]?.model?.trim() || 'unknown',
    logicalCpus: list.length,
    gpus: options.gpus ?? queryGpus(host),
  };
}
