import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MARKDOWN_LIMIT_BYTES,
  closeOpenBlocks,
  METADATA_VALUE_CHARS,
  SUMMARY_LIMIT_CHARS,
  SUMMARY_METRIC_ROWS,
  escapeInline,
  formatBytes,
  renderModelCard,
} from '../../../src/core/registry/model-card.js';
import type { Manifest } from '../../../src/core/registry/types.js';

const HEX = (c: string, n = 64) => c.repeat(n);

/** Every field set, as record-release would write it for a binary model compared with its predecessor. */
function fullManifest(): Manifest {
  return {
    schemaVersion: 1,
    name: 'churn',
    version: '1.4.0',
    tag: 'churn@v1.4.0',
    model: {
      file: 'model.onnx',
      sha256: HEX('a'),
      size_bytes: 123_456,
      ir_version: 8,
      opsets: [
        { domain: 'ai.onnx', version: 17 },
        { domain: 'ai.onnx.ml', version: 3 },
      ],
      producer: { name: 'skl2onnx', version: '1.16.0' },
      graph_name: 'pipeline',
      metadata: { framework: 'scikit-learn 1.2.1', dataset: 'breast_cancer' },
      signature: {
        inputs: [
          {
            name: 'input',
            kind: 'tensor',
            dtype: 'float32',
            shape: ['N', 30],
            description: 'tensor(float32)[N, 30]',
          },
        ],
        outputs: [
          { name: 'label', kind: 'tensor', dtype: 'int64', shape: ['N'], description: 'tensor(int64)[N]' },
          {
            name: 'probabilities',
            kind: 'tensor',
            dtype: 'float32',
            shape: ['N', 2],
            description: 'tensor(float32)[N, 2]',
          },
        ],
        classes: ['stays', 'leaves'],
      },
    },
    task: 'binary',
    metrics: { accuracy: 0.95614035, roc_auc: 0.99312, log_loss: null, max_error: 3, support: 12345 },
    evaluation: { file: 'evaluation.json', sha256: HEX('b'), passed: true, rows: 1569 },
    comparison: { file: 'comparison.json', sha256: HEX('c'), verdict: 'pass', baseline: 'churn@v1.3.0' },
    verdict: 'pass',
    data: [
      { path: 'data/test.csv', sha256: HEX('d'), size_bytes: 2048 },
      { path: 'data/slices.parquet', sha256: HEX('9'), size_bytes: 5 * 1024 * 1024 },
    ],
    reference_data: [{ path: 'data/train.csv', sha256: HEX('7'), size_bytes: 4096 }],
    config: { path: 'mlgate.yml', sha256: HEX('e'), size_bytes: 300 },
    git: { repository: 'octo/models', commit: HEX('f', 40), ref: 'refs/heads/main' },
    workflow_run_url: 'https://github.com/octo/models/actions/runs/42',
    onnxruntime_version: '1.20.1',
    created_at: '2025-01-02T03:04:05.000Z',
    bump: {
      kind: 'major',
      from: '1.3.0',
      breaking_changes: [
        'input "input" dimension 1 changed 13 → 30',
        'output "label" changed dtype string → int64',
      ],
    },
    card_sections: [
      { title: 'Intended use', body: 'Scoring *monthly* churn risk.\n\n- for the retention team\n' },
      { title: 'Limitations', body: 'Trained on 2024 data only.' },
    ],
  };
}

const headings = (markdown: string) => markdown.split('\n').filter((line) => /^#{1,6} /.test(line));

/** The text of the section that starts with `heading`, up to the next heading of the same or higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const level = heading.indexOf(' ');
  let end = start + 1;
  while (end < lines.length && !(/^#+ /.test(lines[end]) && lines[end].indexOf(' ') <= level)) end++;
  return lines.slice(start + 1, end).join('\n');
}

/** Cells of a GFM table row: split on pipes that no backslash escapes. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/** Every table: its rows have as many cells as its header. */
function expectWholeTables(markdown: string): void {
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|') || !/^\|[-:| ]+\|$/.test(lines[i + 1] ?? '')) continue;
    const width = cells(lines[i]).length;
    for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++) {
      expect(cells(lines[j]), lines[j]).toHaveLength(width);
    }
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('renderModelCard: the card', () => {
  it('has the sections in order: title, details, the user sections, evaluation, comparison, data, provenance', () => {
    const { markdown } = renderModelCard(fullManifest());
    expect(headings(markdown)).toEqual([
      '# churn v1.4.0',
      '## Model details',
      '### Metadata',
      '### Inputs',
      '### Outputs',
      '### Classes',
      '## Intended use',
      '## Limitations',
      '## Evaluation',
      '## Comparison',
      '## Data',
      '### Reference data',
      '### Config file',
      '## Provenance',
      '### How this version was chosen',
    ]);
    expect(markdown.startsWith('# churn v1.4.0\n\n')).toBe(true);
    expect(markdown.endsWith('\n')).toBe(true);
    expect(markdown.endsWith('\n\n')).toBe(false);
  });

  it('opens with one summary paragraph: task, verdict, the primary metric, rows, baseline', () => {
    const { markdown } = renderModelCard(fullManifest());
    expect(markdown.split('\n')[2]).toBe(
      'Binary classification model, verdict ✅ pass. roc_auc 0.9931 on 1,569 evaluation rows. Compared with churn@v1.3.0.',
    );
  });

  it('lists the model details, metadata, signature and classes', () => {
    const { markdown } = renderModelCard(fullManifest());
    expect(section(markdown, '## Model details').split('\n').slice(0, 11)).toEqual([
      '',
      '| | |',
      '|---|---|',
      '| Producer | skl2onnx 1.16.0 |',
      '| ONNX IR version | 8 |',
      '| Opsets | ai.onnx 17, ai.onnx.ml 3 |',
      '| Graph name | pipeline |',
      '| File | model.onnx |',
      '| Size | 120.6 KiB (123,456 bytes) |',
      `| SHA-256 | \`${HEX('a')}\` |`,
      '',
    ]);
    expect(section(markdown, '### Metadata')).toBe(
      '\n| key | value |\n|---|---|\n| framework | scikit-learn 1.2.1 |\n| dataset | breast_cancer |\n',
    );
    expect(section(markdown, '### Inputs')).toBe(
      '\n| name | type |\n|---|---|\n| input | tensor(float32)&#91;N, 30&#93; |\n',
    );
    expect(section(markdown, '### Outputs')).toContain('| probabilities | tensor(float32)&#91;N, 2&#93; |');
    expect(section(markdown, '### Classes')).toBe(
      '\nIn the order of the probability columns.\n\n| column | class |\n|---:|---|\n| 0 | stays |\n| 1 | leaves |\n',
    );
  });

  it("keeps the user's sections as they wrote them", () => {
    const { markdown } = renderModelCard(fullManifest());
    expect(section(markdown, '## Intended use')).toBe(
      '\nScoring *monthly* churn risk.\n\n- for the retention team\n',
    );
    expect(section(markdown, '## Limitations')).toBe('\nTrained on 2024 data only.\n');
  });

  it("closes a fence or an HTML comment a user section leaves open, so the card's own sections survive", () => {
    const manifest = fullManifest();
    manifest.card_sections = [
      { title: 'Example', body: 'Call it so:\n\n````python\nsession.run(None, feeds)\n```\n' },
      { title: 'Template', body: '<!-- fill in the intended use\n\nTBD' },
    ];
    const { markdown } = renderModelCard(manifest);
    expect(section(markdown, '## Example')).toBe(
      '\nCall it so:\n\n````python\nsession.run(None, feeds)\n```\n````\n',
    );
    expect(section(markdown, '## Template')).toBe('\n<!-- fill in the intended use\n\nTBD\n-->\n');
    expect(headings(markdown).slice(-8, -6)).toEqual(['## Template', '## Evaluation']);
  });

  it('tables the metrics (null: not computable), the thresholds, rows and file of the evaluation', () => {
    const { markdown } = renderModelCard(fullManifest());
    expect(section(markdown, '## Evaluation')).toBe(
      [
        '',
        `Thresholds passed ✅ on 1,569 rows (evaluation.json, SHA-256 \`${HEX('b')}\`).`,
        '',
        '| metric | value |',
        '|---|---:|',
        '| accuracy | 0.9561 |',
        '| roc_auc | 0.9931 |',
        '| log_loss | not computable |',
        '| max_error | 3 |',
        '| support | 12,345 |',
        '',
      ].join('\n'),
    );
  });

  it('says when the thresholds failed', () => {
    const manifest = fullManifest();
    manifest.evaluation!.passed = false;
    manifest.verdict = 'fail';
    const { markdown } = renderModelCard(manifest);
    expect(section(markdown, '## Evaluation')).toContain('Thresholds failed ❌ on 1,569 rows');
    expect(markdown.split('\n')[2]).toContain('verdict ❌ fail.');
  });

  it('gives the comparison, the data files, the config and the provenance', () => {
    const { markdown } = renderModelCard(fullManifest());
    expect(section(markdown, '## Comparison')).toBe(
      [
        '',
        '| | |',
        '|---|---|',
        '| Verdict | ✅ pass |',
        '| Baseline | churn@v1.3.0 |',
        `| File | comparison.json, SHA-256 \`${HEX('c')}\` |`,
        '',
      ].join('\n'),
    );
    expect(section(markdown, '## Data').split('\n').slice(0, 6)).toEqual([
      '',
      '| file | SHA-256 | size |',
      '|---|---|---:|',
      `| data/test.csv | \`${HEX('d')}\` | 2.0 KiB (2,048 bytes) |`,
      `| data/slices.parquet | \`${HEX('9')}\` | 5.0 MiB (5,242,880 bytes) |`,
      '',
    ]);
    expect(section(markdown, '### Reference data')).toBe(
      `\nWhat drift-check compares current data with.\n\n| file | SHA-256 | size |\n|---|---|---:|\n| data/train.csv | \`${HEX('7')}\` | 4.0 KiB (4,096 bytes) |\n`,
    );
    expect(section(markdown, '### Config file')).toBe(
      `\n| file | SHA-256 | size |\n|---|---|---:|\n| mlgate.yml | \`${HEX('e')}\` | 300 bytes |\n`,
    );
    expect(section(markdown, '## Provenance').split('\n').slice(0, 11)).toEqual([
      '',
      '| | |',
      '|---|---|',
      '| Repository | octo/models |',
      `| Commit | \`${HEX('f', 40)}\` |`,
      '| Ref | refs/heads/main |',
      '| Workflow run | https://github.com/octo/models/actions/runs/42 |',
      '| ONNX Runtime | 1.20.1 |',
      '| Created at | 2025-01-02T03:04:05.000Z |',
      '| Tag | churn@v1.4.0 |',
      '',
    ]);
    expect(section(markdown, '### How this version was chosen')).toBe(
      [
        '',
        'A major bump (from 1.3.0).',
        '',
        'Breaking signature changes:',
        '',
        '- input "input" dimension 1 changed 13 → 30',
        '- output "label" changed dtype string → int64',
        '',
      ].join('\n'),
    );
  });

  it('says "not recorded" for a missing evaluation, comparison, data, config and provenance', () => {
    const manifest: Manifest = {
      ...fullManifest(),
      task: null,
      metrics: {},
      evaluation: null,
      comparison: null,
      verdict: null,
      data: [],
      reference_data: [],
      config: null,
      git: { repository: null, commit: null, ref: null },
      workflow_run_url: null,
      onnxruntime_version: null,
      bump: { kind: 'explicit', from: null, breaking_changes: [] },
      card_sections: [],
    };
    manifest.model = { ...manifest.model, metadata: {}, signature: { inputs: [], outputs: [] } };
    const { markdown, summary } = renderModelCard(manifest);
    expect(markdown.split('\n')[2]).toBe(
      'Model (task not recorded), verdict not recorded. Evaluation not recorded. Comparison not recorded.',
    );
    expect(section(markdown, '## Evaluation')).toBe('\nEvaluation not recorded.\n');
    expect(section(markdown, '## Comparison')).toBe('\nComparison not recorded.\n');
    expect(section(markdown, '## Data').split('\n### ')[0]).toBe('\nData files not recorded.\n');
    expect(section(markdown, '### Config file')).toBe(
      '\nConfig file not recorded (no mlgate.yml was used).\n',
    );
    expect(section(markdown, '### Metadata')).toBe('\nThe model file declares no metadata_props.\n');
    expect(section(markdown, '### Inputs')).toBe('\nNone declared.\n');
    expect(headings(markdown)).not.toContain('### Classes');
    const provenance = section(markdown, '## Provenance');
    for (const key of ['Repository', 'Commit', 'Ref', 'Workflow run', 'ONNX Runtime']) {
      expect(provenance).toContain(`| ${key} | not recorded |`);
    }
    expect(section(markdown, '### How this version was chosen')).toBe(
      '\nVersion given explicitly (no earlier version).\n\nNo breaking signature changes.\n',
    );
    expect(summary).toContain('**Verdict:** not recorded');
    expect(summary).not.toContain('| metric |');
  });

  it('says when an evaluation recorded no metrics and when a baseline is not named', () => {
    const manifest = fullManifest();
    manifest.metrics = {};
    manifest.comparison!.baseline = null;
    const { markdown } = renderModelCard(manifest);
    expect(markdown.split('\n')[2]).toBe(
      'Binary classification model, verdict ✅ pass. The evaluation on 1,569 evaluation rows recorded no metrics. Compared with a baseline (not named).',
    );
    expect(section(markdown, '## Evaluation')).toContain('No metrics recorded.');
    expect(section(markdown, '## Comparison')).toContain('| Baseline | not recorded |');
  });

  it.each<[Manifest['task'], Record<string, number | null>, string]>([
    ['binary', { accuracy: 0.9, roc_auc: 0.95 }, 'roc_auc 0.95'],
    ['multiclass', { roc_auc_ovr_macro: 0.99, accuracy: 0.875 }, 'accuracy 0.875'],
    ['regression', { mae: 2.5, rmse: 3.25, r2: 0.5 }, 'rmse 3.25'],
    ['binary', { accuracy: 0.9, f1: 0.8 }, 'accuracy 0.9'],
    [null, { mae: 1.5, rmse: 2 }, 'mae 1.5'],
    ['multiclass', { accuracy: null, f1_macro: 0.5 }, 'accuracy not computable'],
  ])('names the primary metric of a %s task (%j): %s', (task, metrics, text) => {
    const { markdown, summary } = renderModelCard({ ...fullManifest(), task, metrics });
    expect(markdown.split('\n')[2]).toContain(`. ${text} on 1,569 evaluation rows.`);
    // The summary's table starts with it.
    const firstRow = summary
      .split('\n')
      .find((line) => line.startsWith('| ') && !line.startsWith('| metric'));
    expect(firstRow).toBe(`| ${text.replace(' ', ' | ')} |`);
  });

  it('formats metrics to 4 significant digits, counts with separators, tiny and huge values in exponent form', () => {
    const metrics = { a: 0.123456, b: 1234.5678, c: 0.00012345, d: 2_500_000.5, e: 1_000_000, f: 0 };
    const { markdown } = renderModelCard({ ...fullManifest(), metrics });
    const evaluation = section(markdown, '## Evaluation');
    for (const row of [
      '| a | 0.1235 |',
      '| b | 1235 |',
      '| c | 1.234e-4 |',
      '| d | 2.500e+6 |',
      '| e | 1,000,000 |',
      '| f | 0 |',
    ]) {
      expect(evaluation).toContain(row);
    }
  });

  it('shortens a long metadata value and says how much is left out', () => {
    const manifest = fullManifest();
    manifest.model.metadata = { vocabulary: 'w'.repeat(METADATA_VALUE_CHARS + 250) };
    const { markdown } = renderModelCard(manifest);
    expect(section(markdown, '### Metadata')).toContain(
      `| vocabulary | ${'w'.repeat(METADATA_VALUE_CHARS)} … (250 more characters) |`,
    );
  });

  it('does not depend on the clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2020-01-01T00:00:00Z'));
    const first = renderModelCard(fullManifest());
    vi.setSystemTime(new Date('2031-06-30T12:00:00Z'));
    const second = renderModelCard(fullManifest());
    expect(second).toEqual(first);
    expect(first.markdown).not.toContain('2020');
    expect(first.markdown).not.toContain('2031');
  });
});

describe('renderModelCard: hostile strings', () => {
  const hostile = (): Manifest => {
    const manifest = fullManifest();
    manifest.name = '<script>alert(1)</script>';
    manifest.model.producer = { name: 'evil|producer', version: '<b>1</b>' };
    manifest.model.graph_name = '# not a heading';
    manifest.model.opsets = [{ domain: 'x`y', version: 1 }];
    manifest.model.metadata = {
      'a|b': 'line one\nline two `code` <img src=x onerror=alert(1)> | end',
      '[link](javascript:alert(1))': '**bold** _it_ ~~gone~~ $x$ & \\|',
    };
    manifest.model.signature.inputs[0] = { ...manifest.model.signature.inputs[0], name: 'in|put<br>' };
    manifest.model.signature.classes = ['<i>cat</i>', 'dog|wolf', 'new\nline'];
    manifest.metrics = { 'metric|<u>x</u>': 0.5 };
    manifest.comparison!.baseline = '<img src=x>|v1';
    manifest.data = [{ path: 'data/<a|b>.csv\n', sha256: 'not|hex', size_bytes: 1 }];
    manifest.config = { path: '`mlgate`.yml', sha256: HEX('e'), size_bytes: 1 };
    manifest.git = { repository: 'octo/<models>', commit: '<commit>', ref: 'refs/heads/*feature*' };
    manifest.bump.breaking_changes = ['input "<x>" removed'];
    manifest.bump.from = '<1.3.0>';
    manifest.card_sections = [
      { title: '# Intended | use <b>\nsecond line', body: 'Body with <b>HTML</b> kept.' },
    ];
    return manifest;
  };

  it('escapes the name in the title of the card and of the summary', () => {
    const { markdown, summary } = renderModelCard(hostile());
    const title = '# &lt;script&gt;alert(1)&lt;/script&gt; v1.4.0';
    expect(markdown.split('\n')[0]).toBe(title);
    expect(summary.split('\n')[0]).toBe(title);
  });

  it('keeps every table whole: as many cells in each row as in its header', () => {
    const { markdown, summary } = renderModelCard(hostile());
    expectWholeTables(markdown);
    expectWholeTables(summary);
  });

  it('turns a newline in a cell into <br>, a pipe into \\|, HTML and Markdown into character references', () => {
    const { markdown } = renderModelCard(hostile());
    expect(section(markdown, '### Metadata').split('\n').slice(3, 5)).toEqual([
      '| a\\|b | line one<br>line two &#96;code&#96; &lt;img src=x onerror=alert(1)&gt; \\| end |',
      '| &#91;link&#93;(javascript:alert(1)) | &#42;&#42;bold&#42;&#42; &#95;it&#95; &#126;&#126;gone&#126;&#126; &#36;x&#36; &amp; \\\\\\| |',
    ]);
    expect(markdown).toContain('| Producer | evil\\|producer &lt;b&gt;1&lt;/b&gt; |');
    expect(markdown).toContain('| Graph name | &#35; not a heading |');
    expect(markdown).toContain('| Opsets | x&#96;y 1 |');
    expect(markdown).toContain('| in\\|put&lt;br&gt; | tensor(float32)&#91;N, 30&#93; |');
    expect(section(markdown, '### Classes')).toContain(
      '| 0 | &lt;i&gt;cat&lt;/i&gt; |\n| 1 | dog\\|wolf |\n| 2 | new<br>line |',
    );
    expect(markdown).toContain('| metric\\|&lt;u&gt;x&lt;/u&gt; | 0.5 |');
    expect(markdown).toContain('| Baseline | &lt;img src=x&gt;\\|v1 |');
    expect(markdown).toContain('| data/&lt;a\\|b&gt;.csv<br> | not\\|hex | 1 bytes |');
    expect(markdown).toContain('| &#96;mlgate&#96;.yml |');
    expect(markdown).toContain('| Repository | octo/&lt;models&gt; |');
    expect(markdown).toContain('| Commit | &lt;commit&gt; |');
    expect(markdown).toContain('| Ref | refs/heads/&#42;feature&#42; |');
  });

  it('escapes inline text: the summary paragraph, the bump sentence, the breaking changes, headings', () => {
    const { markdown } = renderModelCard(hostile());
    expect(markdown.split('\n')[2]).toBe(
      'Binary classification model, verdict ✅ pass. metric&#124;&lt;u&gt;x&lt;/u&gt; 0.5 on 1,569 evaluation rows. Compared with &lt;img src=x&gt;&#124;v1.',
    );
    expect(markdown).toContain('A major bump (from &lt;1.3.0&gt;).');
    expect(markdown).toContain('- input "&lt;x&gt;" removed');
    // One line, nothing interpreted; the body after it is the user's, as written.
    expect(markdown).toContain(
      '## &#35; Intended &#124; use &lt;b&gt; second line\n\nBody with <b>HTML</b> kept.\n',
    );
  });

  it('lets no HTML tag through outside the user sections except the <br> of a cell', () => {
    const { markdown, summary } = renderModelCard(hostile());
    const outsideUser = markdown.replace('Body with <b>HTML</b> kept.', '');
    expect(outsideUser.replace(/<br>/g, '')).not.toMatch(/<[a-z/!]/i);
    expect(summary).not.toMatch(/<[a-z/!]/i);
  });
});

describe('renderModelCard: the summary (release body)', () => {
  it('holds the title, the paragraph, a short metrics table, the verdict and where the rest is', () => {
    const { summary } = renderModelCard(fullManifest());
    expect(summary).toBe(
      [
        '# churn v1.4.0',
        '',
        'Binary classification model, verdict ✅ pass. roc_auc 0.9931 on 1,569 evaluation rows. Compared with churn@v1.3.0.',
        '',
        '| metric | value |',
        '|---|---:|',
        '| roc_auc | 0.9931 |',
        '| accuracy | 0.9561 |',
        '| log_loss | not computable |',
        '| max_error | 3 |',
        '| support | 12,345 |',
        '',
        '**Verdict:** ✅ pass',
        '',
        'The full model card (model-card.md), the manifest (manifest.json) and the evaluation and comparison are assets of this release.',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the comparison from the assets line when there is none', () => {
    const { summary } = renderModelCard({ ...fullManifest(), comparison: null });
    expect(summary.trimEnd().split('\n').at(-1)).toBe(
      'The full model card (model-card.md), the manifest (manifest.json) and the evaluation are assets of this release.',
    );
  });

  it(`shows at most ${SUMMARY_METRIC_ROWS} metrics, primary first, and says how many more the card has`, () => {
    const metrics: Record<string, number> = {};
    for (let i = 0; i < 20; i++) metrics[`m${i}`] = i / 100;
    metrics.roc_auc = 0.9;
    const { summary, markdown } = renderModelCard({ ...fullManifest(), metrics });
    const rows = summary.split('\n').filter((line) => /^\| [a-z]/.test(line) && !line.startsWith('| metric'));
    expect(rows).toHaveLength(SUMMARY_METRIC_ROWS);
    expect(rows[0]).toBe('| roc_auc | 0.9 |');
    expect(rows[1]).toBe('| m0 | 0 |');
    expect(rows[11]).toBe('| m10 | 0.1 |');
    expect(summary).toContain('… and 9 more metrics in the model card.');
    expect(
      section(markdown, '## Evaluation')
        .split('\n')
        .filter((l) => /^\| m\d+ \|/.test(l)),
    ).toHaveLength(20);
  });

  it('does not carry the user sections', () => {
    const { summary } = renderModelCard(fullManifest());
    expect(summary).not.toContain('Intended use');
  });

  it(`is cut below ${SUMMARY_LIMIT_CHARS} characters with a note, keeping the title and the assets line`, () => {
    const manifest = fullManifest();
    manifest.comparison!.baseline = `${'<&>'.repeat(10)}${'x'.repeat(200_000)}`;
    const { summary } = renderModelCard(manifest);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_LIMIT_CHARS);
    expect(summary.length).toBeGreaterThan(SUMMARY_LIMIT_CHARS - 200);
    expect(SUMMARY_LIMIT_CHARS).toBeLessThan(125_000);
    const lines = summary.trimEnd().split('\n');
    expect(lines[0]).toBe('# churn v1.4.0');
    expect(lines.at(-3)).toBe('*… cut here: the summary would be longer than 100,000 characters.*');
    expect(lines.at(-1)).toMatch(/^The full model card \(model-card\.md\)/);
    // The cut paragraph does not end inside a character reference.
    expect(lines.at(-5)).toMatch(/x$/);
    expect(summary).toContain('&lt;&amp;&gt;');
  });
});

describe('renderModelCard: the markdown cap', () => {
  it(`cuts the user sections to fit ${MARKDOWN_LIMIT_BYTES} bytes, closes an open fence, keeps what follows`, () => {
    const manifest = fullManifest();
    // 3-byte characters: the cap is on UTF-8 bytes, not on characters.
    const body = [
      '```python',
      ...Array.from({ length: 40_000 }, (_, i) => `line ${i} ${'€'.repeat(20)}`),
      '```',
    ];
    manifest.card_sections = [{ title: 'Training log', body: body.join('\n') }];
    const { markdown } = renderModelCard(manifest);
    const bytes = Buffer.byteLength(markdown, 'utf8');
    expect(bytes).toBeLessThanOrEqual(MARKDOWN_LIMIT_BYTES);
    expect(bytes).toBeGreaterThan(MARKDOWN_LIMIT_BYTES - 200);
    expect(markdown).not.toContain('\uFFFD');
    const log = section(markdown, '## Training log').split('\n');
    const fenceAt = log.lastIndexOf('```');
    expect(fenceAt).toBeGreaterThan(1);
    expect(log[fenceAt - 1]).toMatch(/^line \d+ €{20}$/);
    expect(log.slice(fenceAt + 1)).toEqual([
      '',
      '*… cut here: the model card would be longer than 1,048,576 bytes.*',
      '',
    ]);
    expect(headings(markdown).slice(-7)).toEqual([
      '## Evaluation',
      '## Comparison',
      '## Data',
      '### Reference data',
      '### Config file',
      '## Provenance',
      '### How this version was chosen',
    ]);
    expect(markdown.endsWith('- output "label" changed dtype string → int64\n')).toBe(true);
  });

  it('cuts the whole card with a note when the generated parts alone are too large', () => {
    const manifest = fullManifest();
    manifest.data = Array.from({ length: 20_000 }, (_, i) => ({
      path: `data/part-${String(i).padStart(6, '0')}.parquet`,
      sha256: HEX('d'),
      size_bytes: i,
    }));
    const { markdown } = renderModelCard(manifest);
    expect(Buffer.byteLength(markdown, 'utf8')).toBeLessThanOrEqual(MARKDOWN_LIMIT_BYTES);
    expect(markdown.startsWith('# churn v1.4.0\n')).toBe(true);
    const lines = markdown.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('*… cut here: the model card would be longer than 1,048,576 bytes.*');
    expect(lines.at(-3)).toMatch(/^\| data\/part-\d{6}\.parquet \| `d{64}` \| .* \|$/);
  });

  it('leaves a card under the cap as it is', () => {
    const { markdown } = renderModelCard(fullManifest());
    expect(markdown).not.toContain('cut here');
  });
});

describe('escapeInline', () => {
  it.each([
    ['<script>', '&lt;script&gt;'],
    ['a & b', 'a &amp; b'],
    ['`code`', '&#96;code&#96;'],
    ['*bold*', '&#42;bold&#42;'],
    ['_it_ snake_case a__b', '&#95;it&#95; snake_case a&#95;&#95;b'],
    ['[x](y)', '&#91;x&#93;(y)'],
    ['# h', '&#35; h'],
    ['a|b', 'a&#124;b'],
    ['back\\slash', 'back&#92;slash'],
    ['~~s~~ $m$', '&#126;&#126;s&#126;&#126; &#36;m&#36;'],
    ['two\nlines\r\nand\rthree', 'two lines and three'],
    ['plain churn@v1.3.0', 'plain churn@v1.3.0'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeInline(text)).toBe(escaped);
  });
});

describe('closeOpenBlocks', () => {
  it.each([
    ['no block', 'plain *text*', 'plain *text*'],
    ['a closed fence', '```\ncode\n```', '```\ncode\n```'],
    ['an open backtick fence', '```ts\ncode', '```ts\ncode\n```'],
    ['an open tilde fence, indented', '  ~~~~\ncode', '  ~~~~\ncode\n~~~~'],
    ['a shorter fence does not close', '````\n```\n', '````\n```\n\n````'],
    ['the other fence character does not close', '~~~\n```', '~~~\n```\n~~~'],
    ['a closing fence with an info string does not close', '```\n``` x', '```\n``` x\n```'],
    ['backticks in the info string: inline code, not a fence', '``` a ` b', '``` a ` b'],
    ['four spaces: indented code, not a fence', '    ```', '    ```'],
    ['an open comment', 'a\n<!-- note\nmore', 'a\n<!-- note\nmore\n-->'],
    ['a comment closed on its line', '<!-- note --> text', '<!-- note --> text'],
    ['a comment closed later', '<!-- note\nend -->\ntext', '<!-- note\nend -->\ntext'],
    ['a comment opener inside a fence', '```\n<!--\n```', '```\n<!--\n```'],
    ['a fence inside a comment', '<!--\n```\n-->', '<!--\n```\n-->'],
  ])('%s', (_name, text, closed) => {
    expect(closeOpenBlocks(text)).toBe(closed);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1,023 bytes'],
    [1024, '1.0 KiB (1,024 bytes)'],
    [1536, '1.5 KiB (1,536 bytes)'],
    [123_456, '120.6 KiB (123,456 bytes)'],
    [5 * 2 ** 30, '5.0 GiB (5,368,709,120 bytes)'],
    [3 * 2 ** 40, '3.0 TiB (3,298,534,883,328 bytes)'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
