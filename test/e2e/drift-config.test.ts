import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';

// `mlgate drift --config`: the penguins example's drift section, and flags that override it.
const cli = join(repoRoot, 'dist/cli.js');
const config = 'examples/penguins/mlgate.yml';

function drift(out: string, ...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [cli, 'drift', '--config', config, '--out', out, '--quiet', ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  return {
    ...r,
    result: r.status === 2 ? undefined : JSON.parse(readFileSync(join(repoRoot, out, 'drift.json'), 'utf8')),
  };
}

describe('mlgate drift --config', () => {
  it("runs the config's drift section (paths relative to the config file)", () => {
    const r = drift('mlgate-out/test-drift-config');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.result.name).toBe('penguins');
    expect(r.result.reference.files).toEqual(['examples/penguins/penguins.csv']);
    expect(r.result.current.files).toEqual(['examples/penguins/penguins-new-batch.csv']);
    expect(r.result.columns.id).toBeUndefined();
    expect(r.result.dataset_drift).toBe(true);
  });

  it('lets flags override the section: the current data, the name, a method', () => {
    const r = drift(
      'mlgate-out/test-drift-config-2',
      '--current',
      'examples/penguins/penguins-test.csv',
      '--name',
      'held-out',
      '--method',
      'Island=jensen_shannon',
    );
    expect(r.status).toBe(0);
    expect(r.result.name).toBe('held-out');
    expect(r.result.current.files).toEqual(['examples/penguins/penguins-test.csv']);
    expect(r.result.columns.Island.method).toBe('jensen_shannon');
    expect(r.result.dataset_drift).toBe(false);
  });
});
