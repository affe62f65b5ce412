/**
 * Which registry a CLI command uses: a local folder (default .mlgate/registry) or, inside GitHub
 * Actions, `--registry github` (GITHUB_TOKEN and GITHUB_REPOSITORY from the environment).
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import { ConfigurationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DEFAULT_LOCAL_REGISTRY, LocalRegistryStore } from '../core/registry/local-store.js';
import type { RegistryStore } from '../core/registry/types.js';

export async function openCliStore(
  registry: string | undefined,
  cwd: string,
  logger: Logger,
): Promise<RegistryStore> {
  if (registry !== 'github') return new LocalRegistryStore(registry ?? DEFAULT_LOCAL_REGISTRY, {}, cwd);
  const token = process.env.GITHUB_TOKEN;
  if (!token) {
    throw new ConfigurationError(
      '--registry github needs a token in GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ github.token }}).',
    );
  }
  const [{ createGitHubClient, repoFromEnv }, { GitHubRegistryStore }] = await Promise.all([
    import('../github/octokit.js'),
    import('../github/registry/github-store.js'),
  ]);
  return new GitHubRegistryStore(createGitHubClient({ token, logger }), repoFromEnv());
}

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    return (await run('git', args, { cwd, timeout: 5000 })).stdout.trim() || null;
  } catch {
    return null;
  }
}

/** Who and where, for manifests and stage assignments: the Actions environment, else git and the user. */
export async function cliProvenance(cwd: string): Promise<{
  repository: string | null;
  commit: string | null;
  ref: string | null;
  runUrl: string | null;
  by: string | null;
  run: string | null;
}> {
  const env = process.env;
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${(env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : null;
  let by: string | null = env.GITHUB_ACTOR || null;
  if (!by) {
    try {
      by = userInfo().username || null;
    } catch {
      by = null;
    }
  }
  return {
    repository: env.GITHUB_REPOSITORY || null,
    commit: env.GITHUB_SHA || (await git(cwd, ['rev-parse', 'HEAD'])),
    ref: env.GITHUB_REF || (await git(cwd, ['symbolic-ref', '-q', 'HEAD'])),
    runUrl,
    by,
    run: env.GITHUB_RUN_ID || null,
  };
}
