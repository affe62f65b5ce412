/**
 * Review: failing on purpose. parseCardSections flips one "inside a fence" flag on every line that
 * starts with ``` or ~~~, whatever fence is open. CommonMark closes a fence only with the same
 * character, at least as many times as it opened: a ```` (four backtick) fence may hold ``` lines, and a
 * ~~~ fence may hold ``` lines. That is how a model card shows a Markdown example that has a fence in it.
 * Today the inner line closes the fence, the example's "## " line becomes a section of the card, and the
 * rest of the example is cut into it.
 */
import { describe, expect, it } from 'vitest';
import { parseCardSections } from '../../../src/core/registry/card-sections.js';

describe('fences holding other fences (review)', () => {
  it('keeps a ```` fence that shows a ``` block whole', () => {
    // A Python "## " comment inside the inner block: the inner opener closed the outer fence.
    const example = '````markdown\n```python\n## load the model\nsession = load("model.onnx")\n```\n````';
    expect(parseCardSections(`## Usage\n${example}\n## Limitations\nNone.`, 'card.md')).toEqual([
      { title: 'Usage', body: example },
      { title: 'Limitations', body: 'None.' },
    ]);
  });

  it('keeps a ~~~ fence that holds a ``` line whole', () => {
    const example = '~~~markdown\n```\n## Not a section\n~~~';
    expect(parseCardSections(`## Usage\n${example}\n## Limitations\nNone.`, 'card.md')).toEqual([
      { title: 'Usage', body: example },
      { title: 'Limitations', body: 'None.' },
    ]);
  });
});
