import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../src/core/config/load-config.js';
import { driftRequestFromConfig, runDriftJob } from '../../../src/core/jobs/drift-job.js';
import { getRecordingLogger } from '../../../src/core/logger.js';

// Review of the drift entry points (failing on purpose until fixed).

describe("mlgate.yml's drift section (review)", () => {
  it('keeps a method given for a column named "__proto__", as the CLI flags and the job do', () => {
    // The job and parseDriftMethods keep methods in prototype-less maps for exactly this column name;
    // the config loader loses it before normalizeDrift sees it (kebabToCamel writes into a plain {}).
    const c = parseConfig(
      'version: 1\ndrift:\n  reference: r.csv\n  current: c.csv\n  methods:\n    __proto__: wasserstein\n    constructor: psi\n',
      'cfg/mlgate.yml',
    );
    const methods = c.drift!.methods!;
    expect(Object.hasOwn(methods, 'constructor')).toBe(true);
    expect(Object.hasOwn(methods, '__proto__')).toBe(true);
    expect(methods['__proto__']).toEqual({ method: 'wasserstein' });
  });

  it("resolves a glob against the config's folder when that folder's name holds parentheses", async () => {
    // The folder is joined to the glob unescaped, so "(old)" is read as a glob group: "matched no files".
    const root = mkdtempSync(join(tmpdir(), 'mlgate-review-'));
    const folder = join(root, 'models (old)');
    mkdirSync(join(folder, 'data'), { recursive: true });
    const rows = ['x', ...Array.from({ length: 50 }, (_, i) => String(i))].join('\n');
    writeFileSync(join(folder, 'data', 'reference.csv'), `${rows}\n`);
    writeFileSync(join(folder, 'data', 'current.csv'), `${rows}\n`);
    writeFileSync(
      join(folder, 'mlgate.yml'),
      'version: 1\ndrift:\n  reference: "data/ref*.csv"\n  current: data/current.csv\n',
    );
    const config = await loadConfig(join(folder, 'mlgate.yml'));
    const { model: _model, ...request } = driftRequestFromConfig(config, { cwd: root, outDir: 'out' });
    const { result } = await runDriftJob(request, getRecordingLogger());
    expect(result.reference.files).toEqual(['models (old)/data/reference.csv']);
    expect(result.reference.rows).toBe(50);
  });
});
