/**
 * "The production baseline": a registry version resolved (NAME#STAGE, NAME@vX.Y.Z, NAME@latest), its model
 * downloaded through the Actions cache (keyed by sha256) and verified, for compare-baseline and the root
 * pipeline's compare section.
 */
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { ConfigurationError } from '../../core/errors.js';
import type { BaselineRequest } from '../../core/jobs/compare-job.js';
import type { Logger } from '../../core/logger.js';
import { LocalRegistryStore } from '../../core/registry/local-store.js';
import { fetchRegistryBaseline, parseRegistryRef } from '../../core/registry/reference.js';
import type { ModelCache } from '../../core/registry/stages.js';
import type { RegistryStore } from '../../core/registry/types.js';
import { createGitHubClient, readActionsContext } from '../octokit.js';

export async function resolveRegistryBaseline(
  ref: string,
  options: { registry: string; token?: string; cwd: string; outDir: string; logger: Logger; where: string },
): Promise<BaselineRequest> {
  const { logger } = options;
  const parsed = parseRegistryRef(ref, options.where);
  let store: RegistryStore;
  let cache: ModelCache | undefined;
  if (options.registry === 'github') {
    const repository = readActionsContext().repository;
    if (!repository) {
      throw new ConfigurationError(`GITHUB_REPOSITORY is not set: ${options.where} needs the repository.`);
    }
    const token = options.token ?? process.env.GITHUB_TOKEN;
    if (!token) {
      throw new ConfigurationError(
        `No token: ${options.where} reads the registry on GitHub (a token with \`permissions: contents: read\`).`,
      );
    }
    core.setSecret(token);
    const { GitHubRegistryStore } = await import('./github-store.js');
    store = new GitHubRegistryStore(createGitHubClient({ token, logger }), repository);
    cache = (await import('./model-cache.js')).getModelCache(logger);
  } else {
    store = new LocalRegistryStore(options.registry, {}, options.cwd);
  }
  return fetchRegistryBaseline(
    store,
    parsed,
    resolve(options.cwd, options.outDir, 'baseline'),
    logger,
    cache,
  );
}
