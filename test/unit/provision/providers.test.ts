import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  chooseProvider,
  createLibraryFinder,
  createSessionWithProvider,
  describeRuntime,
  detectGpu,
  diagnoseProviderFailure,
  getHostProbe,
  getSessionProbe,
  parseExecutionProvider,
  parseFallback,
  ProviderError,
  queryGpusAsync,
  type HostProbe,
  type SessionProbe,
} from '../../../src/core/model/providers.js';
import { repoRoot } from './fake-registry.js';

type Ort = typeof import('onnxruntime-node');
const ort = createRequire(import.meta.url)('onnxruntime-node') as Ort;
const modelPath = join(repoRoot, 'test/fixtures/provision/tiny-linear.onnx');
const expected = JSON.parse(
  readFileSync(join(repoRoot, 'test/fixtures/provision/tiny-linear.expected.json'), 'utf8'),
) as {
  x: number[][];
  probabilities: number[][];
};
const realBindingDir = join(
  repoRoot,
  'node_modules/onnxruntime-node/bin/napi-v6',
  process.platform,
  process.arch,
);

/** ORT's own text when the CUDA provider library loads but CUDA's cuBLASLt is missing (ORT issue #22968, pykeio/ort#548). */
const MISSING_CUBLASLT =
  '/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1988 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() ' +
  '[ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: ' +
  'libcublasLt.so.12: cannot open shared object file: No such file or directory';
/** ORT's CUDA provider on a driver older than the runtime (onnxruntime/mobius#316). */
const OLD_DRIVER =
  '/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:114 CUDA failure 35: CUDA driver version is insufficient for ' +
  'CUDA runtime version ; GPU=-1 ; hostname=runner ; file=cuda_execution_provider.cc ; line=336 ; expr=cudaSetDevice(info_.device_id);';

function fakeOrt(failure: string) {
  const calls: string[][] = [];
  return {
    calls,
    InferenceSession: {
      async create(_model: string | Uint8Array, options?: { executionProviders?: readonly unknown[] }) {
        const eps = (options?.executionProviders ?? []).map(String);
        calls.push(eps);
        if (eps[0] !== 'cpu') throw new Error(failure);
        return { fake: 'cpu-session' } as never;
      },
    },
  };
}

function fakeProbe(present: { files?: string[]; libraries?: string[]; gpu?: boolean } = {}): SessionProbe & {
  logger: ReturnType<typeof getRecordingLogger>;
} {
  return {
    logger: getRecordingLogger(),
    bindingDir: '/ort/bin',
    fileExists: (p) => (present.files ?? []).some((f) => p === `/ort/bin/${f}`),
    findLibrary: (name) => ((present.libraries ?? []).includes(name) ? `/usr/lib/${name}` : undefined),
    gpu: () => ({
      detected: present.gpu ?? true,
      evidence: present.gpu === false ? 'no nvidia-smi on PATH' : 'nvidia-smi lists GPU 0',
    }),
  };
}

const ALL_CUDA = ['libcudart.so.12', 'libcublas.so.12', 'libcufft.so.11', 'libcurand.so.10', 'libcudnn.so.9'];
const PROVIDERS = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'];

describe('createSessionWithProvider with the real onnxruntime-node', () => {
  it('runs the tiny model on the CPU and matches numpy', async () => {
    const probe = getSessionProbe(getRecordingLogger(), realBindingDir);
    const { session, provider, fellBack } = await createSessionWithProvider(
      ort,
      modelPath,
      { provider: 'cpu', fallback: 'none' },
      {},
      probe,
    );
    expect(provider).toBe('cpu');
    expect(fellBack).toBe(false);
    const x = new ort.Tensor('float32', Float32Array.from(expected.x.flat()), [4, 3]);
    const out = await session.run({ x });
    const got = Array.from(out.probabilities.data as Float32Array);
    expected.probabilities.flat().forEach((p, i) => expect(got[i]).toBeCloseTo(p, 6));
    await session.release();
  });

  it('fails CUDA here (no provider libraries, no CUDA) with what is missing and how to fix it', async () => {
    const probe = getSessionProbe(getRecordingLogger(), realBindingDir);
    const error = (await createSessionWithProvider(
      ort,
      modelPath,
      { provider: 'cuda', fallback: 'none' },
      {},
      probe,
    ).catch((e: unknown) => e)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(isConfigurationError(error)).toBe(true);
    // What ORT 1.30 itself throws: the library it missed only goes to its log.
    expect(error.ortMessage).toBe(
      'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
    );
    expect(error.missing).toEqual(expect.arrayContaining([...PROVIDERS, 'libcudart.so.12', 'libcudnn.so.9']));
    expect(error.message).toContain('execution-provider cuda could not start on this runner');
    expect(error.message).toContain('install CUDA 12.x and cuDNN 9.x');
    expect(error.message).toContain('actions/gpu-preflight');
    expect(error.message).toContain('or set fallback: cpu');
  });

  it('falls back to a real CPU session only when fallback is cpu, with a warning and the reason', async () => {
    const logger = getRecordingLogger();
    const result = await createSessionWithProvider(
      ort,
      modelPath,
      { provider: 'cuda', fallback: 'cpu' },
      {},
      getSessionProbe(logger, realBindingDir),
    );
    expect(result.provider).toBe('cpu');
    expect(result.fellBack).toBe(true);
    expect(result.reason).toContain('execution-provider cuda could not start');
    expect(logger.messages.filter((m) => m.level === 'warning')).toHaveLength(1);
    const out = await result.session.run({
      x: new ort.Tensor('float32', Float32Array.from(expected.x.flat()), [4, 3]),
    });
    expect((out.probabilities.data as Float32Array)[0]).toBeCloseTo(expected.probabilities[0][0], 6);
    await result.session.release();
  });

  it('never hides a broken model behind the fallback', async () => {
    const probe = getSessionProbe(getRecordingLogger(), realBindingDir);
    await expect(
      createSessionWithProvider(
        ort,
        Uint8Array.from([1, 2, 3]),
        { provider: 'cuda', fallback: 'cpu' },
        {},
        probe,
      ),
    ).rejects.toThrow();
  });
});

describe('diagnosing provider failures (fake ORT with its real error texts)', () => {
  it('names the CUDA library ORT could not open', async () => {
    const fake = fakeOrt(MISSING_CUBLASLT);
    const probe = fakeProbe({ files: PROVIDERS, libraries: ALL_CUDA });
    const error = (await createSessionWithProvider(
      fake,
      'm.onnx',
      { provider: 'cuda', fallback: 'none' },
      {},
      probe,
    ).catch((e: unknown) => e)) as ProviderError;
    expect(error.missing).toEqual(['libcublasLt.so.12']);
    expect(error.message).toMatch(
      /^execution-provider cuda could not start on this runner: missing libcublasLt\.so\.12\. ONNX Runtime said: "/,
    );
    expect(error.message).toContain('install CUDA 12.x and cuDNN 9.x');
    expect(fake.calls).toEqual([['cuda']]);
  });

  it('recognises an NVIDIA driver older than the CUDA runtime', () => {
    const d = diagnoseProviderFailure(
      'cuda',
      OLD_DRIVER,
      fakeProbe({ files: PROVIDERS, libraries: [...ALL_CUDA, 'libcublasLt.so.12'] }),
    );
    expect(d.missing).toEqual([]);
    expect(d.problems).toEqual(['the NVIDIA driver is too old for the CUDA 12 runtime']);
    expect(d.hints[0]).toContain('update the NVIDIA driver');
  });

  it('recognises no visible GPU', () => {
    const d = diagnoseProviderFailure(
      'cuda',
      'CUDA failure 100: no CUDA-capable device is detected ; GPU=0 ; expr=cudaSetDevice(info_.device_id);',
      fakeProbe({ files: PROVIDERS, libraries: [...ALL_CUDA, 'libcublasLt.so.12'], gpu: false }),
    );
    expect(d.problems).toEqual([
      'no GPU is visible to this process',
      'no NVIDIA GPU was detected (no nvidia-smi on PATH)',
    ]);
  });

  it('for TensorRT checks its provider file and TensorRT 10, and asks ORT for tensorrt then cuda', async () => {
    const fake = fakeOrt('OrtSessionOptionsAppendExecutionProvider_TensorRT: Failed to load shared library');
    const probe = fakeProbe({ files: PROVIDERS, libraries: [...ALL_CUDA, 'libcublasLt.so.12'] });
    const error = (await createSessionWithProvider(
      fake,
      'm.onnx',
      { provider: 'tensorrt', fallback: 'none' },
      {},
      probe,
    ).catch((e: unknown) => e)) as ProviderError;
    expect(error.missing).toEqual([
      'libonnxruntime_providers_tensorrt.so',
      'libnvinfer.so.10',
      'libnvinfer_plugin.so.10',
      'libnvonnxparser.so.10',
    ]);
    expect(error.message).toContain('install TensorRT 10.x');
    expect(fake.calls).toEqual([['tensorrt', 'cuda']]);
  });

  it('passes a model error through as it is, without blaming the provider or falling back', async () => {
    const fake = fakeOrt('Load model from m.onnx failed:Protobuf parsing failed.');
    const probe = fakeProbe();
    await expect(
      createSessionWithProvider(fake, 'm.onnx', { provider: 'cuda', fallback: 'cpu' }, {}, probe),
    ).rejects.toThrow(/^Load model from m\.onnx failed:Protobuf parsing failed\.$/);
    expect(fake.calls).toEqual([['cuda']]);
  });

  it('with fallback cpu warns once and returns the CPU session', async () => {
    const fake = fakeOrt(MISSING_CUBLASLT);
    const probe = fakeProbe({ files: PROVIDERS, libraries: ALL_CUDA });
    const result = await createSessionWithProvider(
      fake,
      'm.onnx',
      { provider: 'cuda', fallback: 'cpu' },
      { intraOpNumThreads: 2 },
      probe,
    );
    expect(result).toMatchObject({ provider: 'cpu', fellBack: true });
    expect(fake.calls).toEqual([['cuda'], ['cpu']]);
    expect(probe.logger.messages).toEqual([
      { level: 'warning', message: expect.stringContaining('missing libcublasLt.so.12') },
    ]);
  });
});

function fakeHost(parts: {
  commands?: Record<string, { status: number; stdout: string; stderr?: string }>;
  files?: Record<string, string>;
  env?: Record<string, string>;
}): HostProbe {
  return {
    env: parts.env ?? {},
    fileExists: (p) => p in (parts.files ?? {}),
    readFile: (p) => parts.files?.[p],
    exec: (command, args) => {
      const r = parts.commands?.[[command, ...args].join(' ')];
      return r ? { stderr: '', ...r } : undefined;
    },
  };
}

describe('runner detection', () => {
  it('detects a GPU from nvidia-smi, else from the kernel driver, else says what it looked for', () => {
    expect(
      detectGpu(
        fakeHost({ commands: { 'nvidia-smi -L': { status: 0, stdout: 'GPU 0: Tesla T4 (UUID: GPU-1)\n' } } }),
      ),
    ).toEqual({
      detected: true,
      evidence: 'nvidia-smi lists GPU 0: Tesla T4 (UUID: GPU-1)',
    });
    expect(
      detectGpu(fakeHost({ files: { '/proc/driver/nvidia/version': 'NVRM version: 550.54\n' } })).detected,
    ).toBe(true);
    expect(detectGpu(fakeHost({}))).toEqual({
      detected: false,
      evidence: 'no nvidia-smi on PATH and no /proc/driver/nvidia/version',
    });
    expect(
      detectGpu(
        fakeHost({
          commands: {
            'nvidia-smi -L': {
              status: 9,
              stdout: '',
              stderr: 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.',
            },
          },
        }),
      ).evidence,
    ).toContain('nvidia-smi exited with 9 (NVIDIA-SMI has failed');
  });

  it('finds shared libraries through LD_LIBRARY_PATH and ldconfig -p', () => {
    const find = createLibraryFinder(
      fakeHost({
        env: { LD_LIBRARY_PATH: '/opt/cudnn/lib:/nowhere' },
        files: { '/opt/cudnn/lib/libcudnn.so.9': '' },
        commands: {
          'ldconfig -p': {
            status: 0,
            stdout:
              "2 libs found in cache `/etc/ld.so.cache'\n\tlibcudart.so.12 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.12\n\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6\n",
          },
        },
      }),
    );
    expect(find('libcudnn.so.9')).toBe('/opt/cudnn/lib/libcudnn.so.9');
    expect(find('libcudart.so.12')).toBe('/usr/local/cuda/lib64/libcudart.so.12');
    expect(find('libcublas.so.12')).toBeUndefined();
  });

  it('describes the runtime: ORT version, threads, CPU model, GPUs', () => {
    const host = fakeHost({
      files: {
        '/proc/cpuinfo':
          'processor\t: 0\nphysical id\t: 0\ncore id\t: 0\n\nprocessor\t: 1\nphysical id\t: 0\ncore id\t: 0\n\nprocessor\t: 2\nphysical id\t: 0\ncore id\t: 1\n',
      },
      commands: {
        'nvidia-smi --query-gpu=name,driver_version --format=csv,noheader': {
          status: 0,
          stdout: 'NVIDIA A10G, 550.54.15\nTesla T4, 550.54.15\n',
        },
      },
    });
    const cpuList = () => [{ model: 'AMD EPYC 7763 64-Core Processor ' }, { model: 'x' }, { model: 'x' }];
    expect(describeRuntime({ ort, provider: 'cuda', host, cpuList })).toEqual({
      ortVersion: '1.30.0',
      executionProvider: 'cuda',
      intraOpThreads: 2,
      intraOpThreadsSource: 'ort-default',
      cpuModel: 'AMD EPYC 7763 64-Core Processor',
      logicalCpus: 3,
      gpus: [
        { name: 'NVIDIA A10G', driverVersion: '550.54.15' },
        { name: 'Tesla T4', driverVersion: '550.54.15' },
      ],
    });
    const cpuOnly = describeRuntime({
      ort,
      provider: 'cpu',
      host: fakeHost({}),
      cpuList,
      sessionOptions: { intraOpNumThreads: 4 },
    });
    expect(cpuOnly).toMatchObject({ intraOpThreads: 4, intraOpThreadsSource: 'session-options', gpus: [] });
  });

  it('queries GPUs without blocking when the host can, and through exec otherwise', async () => {
    const reply = { status: 0, stdout: 'Tesla T4, 550.54.15\n', stderr: '' };
    const asked: string[] = [];
    const host: HostProbe = {
      ...fakeHost({}),
      execAsync: async (command, args) => {
        asked.push([command, ...args].join(' '));
        return reply;
      },
    };
    expect(await queryGpusAsync(host)).toEqual([{ name: 'Tesla T4', driverVersion: '550.54.15' }]);
    expect(asked).toEqual(['nvidia-smi --query-gpu=name,driver_version --format=csv,noheader']);
    const syncOnly = fakeHost({
      commands: {
        'nvidia-smi --query-gpu=name,driver_version --format=csv,noheader': { status: 9, stdout: '' },
      },
    });
    expect(await queryGpusAsync(syncOnly)).toEqual([]);
    // Queried GPUs are used as given: describeRuntime runs nothing then.
    const noExec: HostProbe = {
      ...fakeHost({}),
      exec: () => {
        throw new Error('must not run');
      },
    };
    expect(describeRuntime({ ort, host: noExec, gpus: [], cpuList: () => [] }).gpus).toEqual([]);
  });

  it("the runner's execAsync gives a command's status and output, and undefined when it cannot start", async () => {
    const host = getHostProbe({ PATH: process.env.PATH });
    const node = process.execPath;
    expect(await host.execAsync!(node, ['-e', 'process.stdout.write("ok"); process.exit(3)'])).toEqual({
      status: 3,
      stdout: 'ok',
      stderr: '',
    });
    expect(await host.execAsync!(node, ['-e', 'process.stdout.write("fine")'])).toEqual({
      status: 0,
      stdout: 'fine',
      stderr: '',
    });
    expect(await host.execAsync!('mlgate-no-such-command', [])).toBeUndefined();
  });
});

describe('provider selection', () => {
  it('parses the inputs and suggests a spelling', () => {
    expect(parseExecutionProvider(undefined)).toBe('cpu');
    expect(parseExecutionProvider(' CUDA ')).toBe('cuda');
    expect(parseFallback('')).toBe('none');
    expect(parseFallback('cpu')).toBe('cpu');
    expect(() => parseExecutionProvider('cdua')).toThrow(
      'execution-provider: "cdua" is not allowed; use one of cpu, cuda, tensorrt, auto. Did you mean "cuda"?',
    );
    expect(() => parseFallback('gpu', 'evaluate.fallback')).toThrow(
      /^evaluate\.fallback: "gpu" is not allowed; use one of none, cpu\./,
    );
  });

  const logger = () => getRecordingLogger();
  const noGpu = () => ({
    detected: false,
    evidence: 'no nvidia-smi on PATH and no /proc/driver/nvidia/version',
  });
  const gpu = () => ({ detected: true, evidence: 'nvidia-smi lists GPU 0: T4' });

  it('auto picks CUDA when a GPU is detected and the libraries provision, else CPU with the reason', async () => {
    const provisioned: string[] = [];
    const ok = async (p: string) => void provisioned.push(p);
    expect(await chooseProvider('auto', 'none', { logger: logger(), gpu, provisionGpu: ok })).toEqual({
      provider: 'cuda',
      reason: 'auto: GPU detected (nvidia-smi lists GPU 0: T4)',
    });
    expect(provisioned).toEqual(['cuda']);
    expect(await chooseProvider('auto', 'none', { logger: logger(), gpu: noGpu, provisionGpu: ok })).toEqual({
      provider: 'cpu',
      reason: 'auto: no GPU detected (no nvidia-smi on PATH and no /proc/driver/nvidia/version)',
    });
    const failing = async () => {
      throw new Error('HTTP 503');
    };
    const choice = await chooseProvider('auto', 'none', { logger: logger(), gpu, provisionGpu: failing });
    expect(choice.provider).toBe('cpu');
    expect(choice.reason).toContain('could not be provisioned: HTTP 503');
  });

  it('an explicit GPU request whose libraries fail stops the run unless fallback is cpu', async () => {
    const failing = async () => {
      throw new Error('GPU packages exist only for linux/x64');
    };
    await expect(
      chooseProvider('cuda', 'none', { logger: logger(), gpu, provisionGpu: failing }),
    ).rejects.toThrow('only for linux/x64');
    const log = logger();
    const choice = await chooseProvider('cuda', 'cpu', { logger: log, gpu, provisionGpu: failing });
    expect(choice.provider).toBe('cpu');
    expect(log.messages[0].level).toBe('warning');
  });
});
