/** drift-check's `reference-from`: the reference data a registry version recorded (loaded only when used). */
import * as core from '@actions/core';
import { ConfigurationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { LocalRegistryStore } from '../../core/registry/local-store.js';
import { describeRef, parseRegistryRef, referenceDataOf } from '../../core/registry/reference.js';
import type { RegistryStore } from '../../core/registry/types.js';
import { createGitHubClient, readActionsContext } from '../../github/octokit.js';
import type { DriftCheckInputs } from './inputs.js';

export async function referenceFromRegistry(
  inputs: DriftCheckInputs,
  cwd: string,
  logger: Logger,
): Promise<{ paths: string[]; from: { ref: string; tag: string } }> {
  const ref = parseRegistryRef(inputs.referenceFrom!, 'input "reference-from"');
  let store: RegistryStore;
  if (inputs.registry === 'github') {
    const repository = readActionsContext().repository;
    if (!repository)
      throw new ConfigurationError('GITHUB_REPOSITORY is not set: reference-from needs the repository.');
    const token = inputs.token ?? process.env.GITHUB_TOKEN;
    if (!token) {
      throw new ConfigurationError(
        'Input "token" is empty: reference-from reads the registry on GitHub (`permissions: contents: read`).',
      );
    }
    core.setSecret(token);
    const { GitHubRegistryStore } = await import('../../github/registry/github-store.js');
    store = new GitHubRegistryStore(createGitHubClient({ token, logger }), repository);
  } else {
    store = new LocalRegistryStore(inputs.registry, {}, cwd);
  }
  const found = await referenceDataOf(store, ref, cwd);
  core.info(
    `Reference data of ${found.manifest.tag} (${describeRef(ref)}): ${found.paths.join(', ')} (sha256 verified).`,
  );
  return { paths: found.paths, from: { ref: describeRef(ref), tag: found.manifest.tag } };
}
