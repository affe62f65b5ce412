import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOutputFile } from '../../helpers/run-action.js';
import { repoRoot } from './fake-registry.js';

/** actions/gpu-preflight's script with a fake PATH (nvidia-smi, ldconfig) and fake library folders. */

const script = join(repoRoot, 'actions/gpu-preflight/preflight.sh');
const CUDA_LIBS = [
  'libcudart.so.12',
  'libcublas.so.12',
  'libcublasLt.so.12',
  'libcufft.so.11',
  'libcurand.so.10',
];

const bash = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();

let work: string;
let bin: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'mlgate-preflight-'));
  bin = join(work, 'bin');
  mkdirSync(bin);
  // PATH holds only these tools and the fakes, so a real nvidia-smi or ldconfig never answers.
  for (const tool of ['sed', 'awk', 'head', 'paste', 'cat']) {
    const real = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(real, join(bin, tool));
  }
  fakeCommand('ldconfig', 'exit 0');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function fakeCommand(name: string, body: string): void {
  writeFileSync(join(bin, name), `#!${bash}\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

function libFolder(name: string, libs: readonly string[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const lib of libs) writeFileSync(join(dir, lib), '');
  return dir;
}

const T4 = `if [[ "$1" == --query-gpu=* ]]; then echo "Tesla T4, 550.54.15"; echo "NVIDIA A10G, 550.54.15"; else echo "GPU 0: Tesla T4"; fi`;

function run(env: Record<string, string> = {}) {
  const output = join(work, 'output');
  const summary = join(work, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const result = spawnSync(bash, [script], {
    encoding: 'utf8',
    env: { PATH: bin, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...env },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    outputs: parseOutputFile(readFileSync(output, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
  };
}

describe('gpu-preflight', () => {
  it('passes on a runner with a GPU, a recent driver, CUDA 12 and cuDNN 9', () => {
    fakeCommand('nvidia-smi', T4);
    const cuda = libFolder('cuda/lib64', CUDA_LIBS);
    const cudnn = libFolder('cudnn', ['libcudnn.so.9']);
    const r = run({ LD_LIBRARY_PATH: `${cuda}:${cudnn}` });
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({
      ok: 'true',
      'gpu-name': 'Tesla T4',
      'driver-version': '550.54.15',
      missing: '',
    });
    expect(r.stdout).toContain('| GPUs | ok | Tesla T4; NVIDIA A10G |');
    expect(r.stdout).toContain(`| libcudnn.so.9 | ok | ${cudnn}/libcudnn.so.9 |`);
    expect(r.summary).toContain('### GPU runner preflight');
  });

  it('finds libraries through ldconfig -p as well', () => {
    fakeCommand('nvidia-smi', T4);
    const lines = [...CUDA_LIBS, 'libcudnn.so.9'].map(
      (l) => `\\t${l} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/${l}`,
    );
    fakeCommand('ldconfig', `printf '6 libs found in cache\\n${lines.join('\\n')}\\n'`);
    const r = run();
    expect(r.outputs.ok).toBe('true');
    expect(r.stdout).toContain('| libcublasLt.so.12 | ok | /usr/lib/x86_64-linux-gnu/libcublasLt.so.12 |');
  });

  it('lists what is missing with fixes and fails by default', () => {
    fakeCommand('nvidia-smi', T4);
    const cuda = libFolder(
      'cuda',
      CUDA_LIBS.filter((l) => l !== 'libcublasLt.so.12'),
    );
    const r = run({ LD_LIBRARY_PATH: cuda });
    expect(r.status).toBe(1);
    expect(r.outputs.ok).toBe('false');
    expect(r.outputs.missing).toBe('libcublasLt.so.12,libcudnn.so.9');
    expect(r.stdout).toMatch(/\| libcudnn\.so\.9 \| missing \| install cuDNN 9\.x/);
    expect(r.stdout).toContain(
      '::error title=GPU preflight::This runner lacks what the CUDA provider needs: libcublasLt.so.12, libcudnn.so.9.',
    );
  });

  it('only warns when fail-on-missing is false', () => {
    const r = run({ MLGATE_FAIL_ON_MISSING: 'false' });
    expect(r.status).toBe(0);
    expect(r.outputs.ok).toBe('false');
    expect(r.outputs['gpu-name']).toBe('');
    expect(r.outputs.missing.split(',')).toEqual(['nvidia-smi', ...CUDA_LIBS, 'libcudnn.so.9']);
    expect(r.stdout).toContain('::warning title=GPU preflight::');
  });

  it('reports a failing nvidia-smi and a driver too old for CUDA 12', () => {
    fakeCommand(
      'nvidia-smi',
      'echo "NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver." >&2; exit 9',
    );
    const all = libFolder('all', [...CUDA_LIBS, 'libcudnn.so.9']);
    const failing = run({ LD_LIBRARY_PATH: all });
    expect(failing.outputs.missing).toBe('nvidia-driver');
    expect(failing.stdout).toContain('| nvidia-smi | failing | NVIDIA-SMI has failed');

    fakeCommand('nvidia-smi', 'echo "Tesla K80, 470.182.03"');
    const old = run({ LD_LIBRARY_PATH: all });
    expect(old.outputs).toMatchObject({
      ok: 'false',
      'driver-version': '470.182.03',
      missing: 'nvidia-driver>=525',
    });
    expect(old.stdout).toContain('| driver | too old | 470.182.03; CUDA 12.x needs 525.60.13 or newer');
  });

  it('checks TensorRT 10 when asked', () => {
    fakeCommand('nvidia-smi', T4);
    const all = libFolder('all', [...CUDA_LIBS, 'libcudnn.so.9']);
    const r = run({ LD_LIBRARY_PATH: all, MLGATE_CHECK_TENSORRT: 'true', MLGATE_FAIL_ON_MISSING: 'false' });
    expect(r.outputs.missing).toBe('libnvinfer.so.10,libnvinfer_plugin.so.10,libnvonnxparser.so.10');
    expect(r.stdout).toContain('install TensorRT 10.x');
  });

  it('refuses an input that is not true or false', () => {
    const r = run({ MLGATE_FAIL_ON_MISSING: 'yes' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('::error::gpu-preflight: input fail-on-missing is "yes"; use true or false.');
  });

  it('is a composite action that passes inputs through env, never ${{ inputs }} inside run', () => {
    const action = parse(readFileSync(join(repoRoot, 'actions/gpu-preflight/action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { value: string }>;
      runs: { using: string; steps: Array<{ run?: string; shell?: string; env?: Record<string, string> }> };
    };
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      expect(step.shell).toBe('bash');
      expect(step.run ?? '').not.toContain('${{');
    }
    expect(Object.keys(action.outputs)).toEqual(['ok', 'gpu-name', 'driver-version', 'missing']);
    expect(action.runs.steps[0].env).toEqual({
      MLGATE_FAIL_ON_MISSING: '${{ inputs.fail-on-missing }}',
      MLGATE_CHECK_TENSORRT: '${{ inputs.tensorrt }}',
    });
  });
});
