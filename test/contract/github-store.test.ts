import { expect } from 'vitest';
import { createGitHubClient } from '../../src/github/octokit.js';
import { GitHubRegistryStore } from '../../src/github/registry/github-store.js';
import { startGitHubFake } from '../github-fake/index.js';
import { registryStoreContract } from './registry-store-contract.js';

registryStoreContract('GitHub Releases (the GitHub fake)', async () => {
  const fake = await startGitHubFake({ repos: ['octo/models'] });
  const client = createGitHubClient({ token: 't', baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 5 });
  return {
    store: new GitHubRegistryStore(client, { owner: 'octo', repo: 'models' }),
    close: async () => {
      expect(fake.validationFailures).toEqual([]);
      expect(fake.responseFailures).toEqual([]);
      await fake.close();
    },
  };
});
