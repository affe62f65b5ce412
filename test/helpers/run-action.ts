import { fileURLToPath } from 'node:url';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  durationMs: number;
}

/** Parses the GITHUB_OUTPUT file format (`name<<DELIM\nvalue\nDELIM` blocks, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]);
      outputs[name] = value.join('\n');
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return outputs;
}

/** The runner's files and environment for one action run. */
function prepareRun(
  inputs: Record<string, string>,
  options: { workspace: string; env?: Record<string, string> },
) {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-runner-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify({ pull_request: { number: 7 } }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REPOSITORY: 'octo/models',
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const collect = (status: number | null, stdout: string, stderr: string, started: number): ActionRun => ({
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    durationMs: performance.now() - started,
  });
  return { env, collect };
}

/**
 * Runs a bundled action the way the runner does: a node child process with INPUT_* variables and the
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_EVENT_PATH files.
 */
export function runBundledAction(
  entry: string,
  inputs: Record<string, string>,
  options: { workspace: string; env?: Record<string, string> },
): ActionRun {
  const { env, collect } = prepareRun(inputs, options);
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(repoRoot, entry)], {
    cwd: options.workspace,
    env,
    encoding: 'utf8',
  });
  return collect(result.status, result.stdout, result.stderr, started);
}

/**
 * runBundledAction without blocking this process: needed when the action talks to a server in this
 * process (the GitHub fake), whose event loop spawnSync would stop.
 */
export function runBundledActionAsync(
  entry: string,
  inputs: Record<string, string>,
  options: { workspace: string; env?: Record<string, string> },
): Promise<ActionRun> {
  const { env, collect } = prepareRun(inputs, options);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(repoRoot, entry)],
      { cwd: options.workspace, env, encoding: 'utf8', maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== 'number') reject(error);
        else resolve(collect(error ? (code as number) : 0, stdout, stderr, started));
      },
    );
  });
}
