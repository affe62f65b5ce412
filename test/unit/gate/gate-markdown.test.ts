import { describe, expect, it } from 'vitest';
import type { GateInputs } from '../../../src/core/gate/inputs.js';
import { resolveGatePolicy } from '../../../src/core/gate/policy.js';
import { decideGate, type GateVerdict } from '../../../src/core/gate/verdict.js';
import {
  GATE_COMMENT_LIMIT,
  gateHeadline,
  gateTitle,
  renderGateDetails,
  renderGateMarkdown,
} from '../../../src/core/report/gate-markdown.js';
import { check, comparisonResult, driftResult, evaluationResult, threshold } from './result-files.js';

const source = <T>(kind: string, value: T) => ({
  absolutePath: `/w/${kind}.json`,
  path: `results/${kind}.json`,
  sha256: '0123456789abcdef'.repeat(4),
  value,
});

function gate(inputs: GateInputs, name = 'churn', override?: Parameters<typeof decideGate>[2]['override']) {
  return decideGate(inputs, resolveGatePolicy(), { name, override, now: () => new Date(0) });
}

/** Every line that starts a table row also ends it: no row is cut in half. */
function tableRowsAreWhole(text: string) {
  for (const line of text.split('\n')) if (line.startsWith('|')) expect(line.endsWith('|')).toBe(true);
}

describe('renderGateMarkdown', () => {
  const inputs: GateInputs = {
    evaluation: source('evaluation', evaluationResult({ thresholds: [threshold('roc_auc', 0.71, 0.8)] })),
    comparison: source('comparison', comparisonResult({ checks: [check('roc_auc', 'fail')] })),
    drift: source('drift', driftResult({ drifted: ['amount'] })),
  };

  it('leads with the marker and the verdict, lists every reason worst first, then sources and detail', () => {
    const v = gate(inputs);
    const md = renderGateMarkdown(v, {
      marker: '<!-- mlgate:gate:churn -->',
      inputs,
      runUrl: 'https://github.com/o/r/actions/runs/9',
    });
    const lines = md.split('\n');
    expect(lines[0]).toBe('<!-- mlgate:gate:churn -->');
    expect(lines[1]).toBe('## ❌ mlgate gate: fail — churn');
    expect(md).toContain('**Verdict: fail** · passed: no · check run: failure');
    const reasons = lines.filter((l) => /^\| (❌|⚠️|✅|➖) /.test(l));
    expect(reasons[0]).toBe('| ❌ fail | evaluation | threshold missed: roc\\_auc = 0.71, needs ≥ 0.8 |');
    expect(reasons[2]).toMatch(/^\| ⚠️ warn \| drift \| dataset drift/);
    expect(md.indexOf('### Sources')).toBeLessThan(md.indexOf('### Comparison'));
    expect(md).toContain('| roc\\_auc (primary) | 0.91 | 0.9 | +0.01 | [-0.004, +0.024] |');
    expect(md).toContain('Drifted columns: `amount`.');
    expect(md).toContain('[workflow run](https://github.com/o/r/actions/runs/9)');
    expect(md.length).toBeLessThanOrEqual(GATE_COMMENT_LIMIT);
  });

  it('says an override in words: who, how, and that the evidence still says fail', () => {
    const v = gate(inputs, 'churn', {
      via: 'label',
      by: 'alice',
      reason: 'hotfix',
      label: 'mlgate:override',
    });
    const md = renderGateMarkdown(v, { inputs });
    expect(md).toContain('## 🔓 mlgate gate: fail, overridden — churn');
    expect(md).toContain('> 🔓 **Overridden** by @alice through the label `mlgate:override`: hotfix.');
    expect(md).toContain('The evidence says **fail**');
    expect(gateTitle(v)).toBe('Failed: 2 reasons; overridden by @alice');
  });

  it('escapes hostile names and messages (HTML, pipes, backticks, newlines) everywhere', () => {
    const hostile = 'x<script>alert(1)</script>|`rm -rf`\n## owned';
    const evil: GateInputs = {
      evaluation: source(
        'evaluation',
        evaluationResult({ modelPath: `m/${hostile}.onnx`, thresholds: [threshold(hostile, 0.1, 0.5)] }),
      ),
      drift: source('drift', driftResult({ drifted: [hostile] })),
    };
    const md = renderGateMarkdown(gate(evil, hostile), { inputs: evil });
    // Outside code spans (where GitHub shows everything as text) no tag survives.
    expect(md.replace(/`[^`\n]*`/g, '')).not.toContain('<script>');
    expect(md).not.toMatch(/\n## owned/);
    tableRowsAreWhole(md);
    // In text: entities and backslashes; in code spans: no backtick can end the span.
    expect(md).toContain('x&lt;script&gt;alert(1)&lt;/script&gt;\\|\\`rm -rf\\` \\#\\# owned');
    expect(md).toContain("`x<script>alert(1)</script>\\|'rm -rf' ## owned`");
    expect(gateHeadline(gate(evil, hostile))).not.toContain('\n');
  });

  it('within the comment limit: drops detail first, then the least severe reasons, and says where the rest is', () => {
    const many = Array.from({ length: 3000 }, (_, i) => threshold(`metric_${i}`, 0.1, 0.5 + i / 1e4));
    const big: GateInputs = { evaluation: source('evaluation', evaluationResult({ thresholds: many })) };
    const v = gate(big);
    const md = renderGateMarkdown(v, {
      inputs: big,
      marker: '<!-- m -->',
      artifactHint: 'the mlgate artifact',
    });
    expect(md.length).toBeLessThanOrEqual(GATE_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GATE_COMMENT_LIMIT - 500);
    expect(md.startsWith('<!-- m -->\n')).toBe(true);
    expect(md).toContain(
      "> … Reasons cut to fit GitHub's limit: the full verdict is in the mlgate artifact.",
    );
    expect(md).toMatch(/\| \| \| … \d+ more reasons in verdict\.json \|/);
    expect(md).not.toContain('### Evaluation thresholds');
    expect(md.trimEnd().endsWith('</sub>')).toBe(true);
    tableRowsAreWhole(md);
    // The first reasons kept are the first in the verdict (worst first).
    expect(md).toContain('metric\\_0 = 0.1');
  });

  it('counts bytes for the job summary', () => {
    const many = Array.from({ length: 400 }, (_, i) => threshold(`mätrïc_${'é'.repeat(50)}_${i}`, 0.1, 0.5));
    const big: GateInputs = { evaluation: source('evaluation', evaluationResult({ thresholds: many })) };
    const md = renderGateMarkdown(gate(big), { inputs: big, limit: 20_000, unit: 'bytes' });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000);
    expect(md.length).toBeLessThan(20_000);
  });

  it('drops only detail when that is enough', () => {
    const v = gate(inputs);
    const full = renderGateMarkdown(v, { inputs });
    const cut = renderGateMarkdown(v, { inputs, limit: full.length - 10 });
    expect(cut.length).toBeLessThanOrEqual(full.length - 10);
    expect(cut).toContain("> … Detail cut to fit GitHub's limit");
    expect(cut).toContain('threshold missed: roc\\_auc');
    expect(cut).toContain('### Sources');
  });

  it('a neutral inconclusive gate reads as such', () => {
    const inc: GateInputs = {
      comparison: source('comparison', comparisonResult({ checks: [check('roc_auc', 'inconclusive')] })),
    };
    const v: GateVerdict = gate(inc);
    expect(gateHeadline(v)).toBe('⚠️ mlgate gate: inconclusive — churn');
    expect(gateTitle(v)).toBe('Inconclusive (neutral)');
    expect(
      renderGateMarkdown(v, { heading: false }).startsWith(
        '**Verdict: inconclusive** · passed: no · check run: neutral',
      ),
    ).toBe(true);
  });
});

describe('renderGateDetails', () => {
  it('holds the comparison, thresholds and drift, and is empty without them', () => {
    const inputs: GateInputs = {
      comparison: source('comparison', comparisonResult()),
      evaluation: source('evaluation', evaluationResult()),
    };
    const text = renderGateDetails(inputs);
    expect(text.startsWith('### Comparison')).toBe(true);
    expect(text).toContain('### Evaluation thresholds');
    expect(renderGateDetails({ drift: source('drift', driftResult()) })).toBe('');
  });
});
