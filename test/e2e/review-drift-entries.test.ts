import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { runBundledActionAsync } from '../helpers/run-action.js';

// Review of the drift entry points (failing on purpose until fixed): the drift section's `name` reaches
// drift.json but not the drift issue, which is found and titled by the first reference file instead.

let fake: GitHubFake;
let workspace: string;

function writeData(name: string, shift: number): void {
  const lines = ['amount'];
  for (let i = 0; i < 200; i++) lines.push(String(((i * 37) % 101) / 10 + shift));
  writeFileSync(join(workspace, name), `${lines.join('\n')}\n`);
}

beforeAll(async () => {
  fake = await startGitHubFake({ repos: ['octo/models'] });
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-review-drift-'));
  writeData('reference.csv', 0);
  writeData('shifted.csv', 5);
});

afterAll(async () => {
  await fake.close();
});

describe('drift-check with a config (review)', () => {
  it("finds and titles the drift issue by the drift section's name, as drift.json names it", async () => {
    writeFileSync(
      join(workspace, 'mlgate.yml'),
      'version: 1\ndrift:\n  name: churn model\n  reference: reference.csv\n  current: shifted.csv\n',
    );
    const r = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      { config: 'mlgate.yml', issue: 'true', 'issue-labels': 'mlgate-drift', 'output-dir': 'out' },
      {
        workspace,
        env: {
          GITHUB_API_URL: fake.url,
          GITHUB_TOKEN: 'test-token',
          GITHUB_RUN_ID: '1',
          MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
        },
      },
    );
    expect(r.status).toBe(0);
    expect(r.outputs['issue-action']).toBe('opened');
    const result = JSON.parse(readFileSync(join(workspace, 'out', 'drift.json'), 'utf8'));
    expect(result.name).toBe('churn model');
    const issues = fake.repo('octo/models').issues;
    expect(issues).toHaveLength(1);
    expect(issues[0].title).toContain('churn model');
  });
});
