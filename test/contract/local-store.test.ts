import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRegistryStore } from '../../src/core/registry/local-store.js';
import { registryStoreContract } from './registry-store-contract.js';

registryStoreContract('local folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'mlgate-local-registry-'));
  return {
    store: new LocalRegistryStore(join(root, '.mlgate', 'registry'), {}, root),
    close: () => rm(root, { recursive: true, force: true }),
  };
});
