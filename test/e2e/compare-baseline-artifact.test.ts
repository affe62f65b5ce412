/**
 * compare-baseline uploads its self-contained HTML report (with comparison.json and .md) as a workflow
 * artifact (issue 4 item 7): through the real @actions/artifact against the fake results service.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startResultsService, type ResultsService } from '../github-fake/results-service.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

let results: ResultsService;
let workspace: string;

beforeEach(async () => {
  results = await startResultsService();
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-compare-artifact-'));
  for (const f of ['model.onnx', 'model-small.onnx', 'penguins-test.csv']) {
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(workspace, f));
  }
});
afterEach(async () => {
  expect(results.validationFailures).toEqual([]);
  await results.close();
  rmSync(workspace, { recursive: true, force: true });
});

const run = (extra: Record<string, string> = {}) =>
  runBundledActionAsync(
    'dist/actions/compare-baseline.js',
    {
      candidate: 'model-small.onnx',
      baseline: 'model.onnx',
      data: 'penguins-test.csv',
      task: 'multiclass',
      label: 'Species',
      classes: 'Adelie,Chinstrap,Gentoo',
      latency: 'false',
      'fail-on': 'never',
      ...extra,
    },
    { workspace, env: { ...results.env } },
  );

describe('the comparison report as a workflow artifact', () => {
  it('uploads comparison.html, .json and .md byte for byte', async () => {
    const r = await run({ 'artifact-retention-days': '5' });
    expect(r.status).toBe(0);
    expect(results.artifacts).toHaveLength(1);
    const artifact = results.artifacts[0];
    expect(artifact.name).toBe('mlgate-comparison-model-small');
    expect([...artifact.files.keys()].sort()).toEqual([
      'comparison.html',
      'comparison.json',
      'comparison.md',
    ]);
    expect(artifact.files.get('comparison.html')).toEqual(readFileSync(r.outputs['report-path']));
    expect(artifact.expiresAt).not.toBeNull();
    expect(r.outputs['artifact-id']).toBe(String(artifact.id));
  });

  it('uploads nothing with artifact: false', async () => {
    const r = await run({ artifact: 'false' });
    expect(r.status).toBe(0);
    expect(results.artifacts).toHaveLength(0);
  });
});
