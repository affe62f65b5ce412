import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import {
  mergeCardSections,
  parseCardSections,
  readCardSections,
} from '../../../src/core/registry/card-sections.js';
import type { CardSection } from '../../../src/core/registry/types.js';

describe('parseCardSections', () => {
  it.each<[string, string, CardSection[]]>([
    [
      'one section per ## heading, bodies trimmed',
      '## Intended use\n\nScoring churn risk.\n\n## Limitations\nEU customers only.\n\n\n',
      [
        { title: 'Intended use', body: 'Scoring churn risk.' },
        { title: 'Limitations', body: 'EU customers only.' },
      ],
    ],
    [
      'text before the first heading becomes an Overview, without the # title line',
      '# Churn model\n\nPredicts who leaves.\n\n## Limitations\nEU only.',
      [
        { title: 'Overview', body: 'Predicts who leaves.' },
        { title: 'Limitations', body: 'EU only.' },
      ],
    ],
    [
      'only a preamble',
      'A model that predicts churn.\nSecond line.',
      [{ title: 'Overview', body: 'A model that predicts churn.\nSecond line.' }],
    ],
    [
      'closing #s and extra spaces around a heading are not part of the title',
      '##   Ethical considerations   ##\nNone known.',
      [{ title: 'Ethical considerations', body: 'None known.' }],
    ],
    [
      '### and deeper headings, # titles and ##text stay in the body',
      '## Limitations\n### Data\nOld data.\n# Not a title here\n##nospace',
      [{ title: 'Limitations', body: '### Data\nOld data.\n# Not a title here\n##nospace' }],
    ],
    [
      'a ## line inside a ``` fence is not a heading',
      '## Usage\n```markdown\n## Not a section\nbody\n```\nAfter.\n## Limitations\nNone.',
      [
        { title: 'Usage', body: '```markdown\n## Not a section\nbody\n```\nAfter.' },
        { title: 'Limitations', body: 'None.' },
      ],
    ],
    [
      'a ## line inside a ~~~ fence is not a heading',
      '## Usage\n~~~\n## Not a section\n~~~\n## Limitations\nNone.',
      [
        { title: 'Usage', body: '~~~\n## Not a section\n~~~' },
        { title: 'Limitations', body: 'None.' },
      ],
    ],
    [
      'a ## line inside a fence in the preamble is not a heading',
      'Intro.\n```\n## code\n```\n## Limitations\nNone.',
      [
        { title: 'Overview', body: 'Intro.\n```\n## code\n```' },
        { title: 'Limitations', body: 'None.' },
      ],
    ],
    [
      'a heading with no text keeps an empty body; repeated headings stay apart',
      '## Limitations\n## Limitations\nSecond.',
      [
        { title: 'Limitations', body: '' },
        { title: 'Limitations', body: 'Second.' },
      ],
    ],
  ])('%s', (_title, markdown, expected) => {
    expect(parseCardSections(markdown, 'card.md')).toEqual(expected);
  });

  it('reads CRLF and lone CR line ends as LF (no \\r left in titles or bodies)', () => {
    const lf =
      '# Card\n\nIntro.\n\n## Intended use\nLine one.\nLine two.\n```\n## code\n```\n## Limitations\nNone.\n';
    const expected = parseCardSections(lf, 'card.md');
    expect(parseCardSections(lf.replace(/\n/g, '\r\n'), 'card.md')).toEqual(expected);
    expect(parseCardSections(lf.replace(/\n/g, '\r'), 'card.md')).toEqual(expected);
    expect(expected.map((s) => s.title)).toEqual(['Overview', 'Intended use', 'Limitations']);
    expect(expected[1].body).toBe('Line one.\nLine two.\n```\n## code\n```');
  });

  it.each(['', '\n\n  \n', '# Only a title\n', '\r\n'])(
    'refuses a card with no text (%j), naming the file',
    (markdown) => {
      expect(() => parseCardSections(markdown, 'docs/card.md')).toThrow(ConfigurationError);
      expect(() => parseCardSections(markdown, 'docs/card.md')).toThrow(
        'docs/card.md: has no text for the model card; expected Markdown with "## Intended use", "## Limitations", … sections.',
      );
    },
  );
});

describe('readCardSections', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlgate-card-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses the file', async () => {
    const file = join(dir, 'card.md');
    await writeFile(file, '## Intended use\r\nTesting.\r\n');
    expect(await readCardSections(file)).toEqual([{ title: 'Intended use', body: 'Testing.' }]);
  });

  it('names a missing file and what was expected', async () => {
    const file = join(dir, 'missing.md');
    const attempt = readCardSections(file);
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(attempt).rejects.toThrow(`model card ${file}: no such file; expected a Markdown file.`);
  });

  it('names a folder given as the card', async () => {
    const attempt = readCardSections(dir);
    await expect(attempt).rejects.toThrow(ConfigurationError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`^model card ${dir}: .*EISDIR.*; expected a Markdown file\\.$`),
    );
  });
});

describe('mergeCardSections', () => {
  const fromFile = (): CardSection[] => [
    { title: 'Overview', body: 'Intro.' },
    { title: 'intended USE', body: 'From the file.' },
  ];

  it('appends the inline text to a section of the same title (any case), after a blank line', () => {
    expect(mergeCardSections(fromFile(), { intendedUse: '  Also from the input.\n' })).toEqual([
      { title: 'Overview', body: 'Intro.' },
      { title: 'intended USE', body: 'From the file.\n\nAlso from the input.' },
    ]);
  });

  it('adds missing sections after the file, Intended use before Limitations', () => {
    expect(
      mergeCardSections([{ title: 'Overview', body: 'Intro.' }], {
        limitations: 'EU only.',
        intendedUse: 'Churn.',
      }),
    ).toEqual([
      { title: 'Overview', body: 'Intro.' },
      { title: 'Intended use', body: 'Churn.' },
      { title: 'Limitations', body: 'EU only.' },
    ]);
  });

  it('fills an empty section of the file without a leading blank line', () => {
    expect(mergeCardSections([{ title: 'Limitations', body: '' }], { limitations: 'EU only.' })).toEqual([
      { title: 'Limitations', body: 'EU only.' },
    ]);
  });

  it('ignores inline text that is empty or blank', () => {
    expect(mergeCardSections(fromFile(), { intendedUse: '   \n', limitations: '' })).toEqual(fromFile());
    expect(mergeCardSections([], {})).toEqual([]);
  });
});
