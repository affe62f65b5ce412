/**
 * The user's part of a model card: a Markdown file whose `## ` headings start sections (intended use,
 * limitations, ethical considerations, ...), plus sections given one by one as inputs.
 */
import { readFile } from 'node:fs/promises';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import type { CardSection } from './types.js';

export function parseCardSections(markdown: string, file: string): CardSection[] {
  const sections: CardSection[] = [];
  let current: CardSection | undefined;
  const preamble: string[] = [];
  // CommonMark: a fence closes only with its own character, at least as many times, and nothing after.
  let fence: { char: string; length: number } | undefined;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    let inFence = fence !== undefined;
    if (marker && !fence && !(marker[1][0] === '`' && marker[2].includes('`'))) {
      fence = { char: marker[1][0], length: marker[1].length };
      inFence = true;
    } else if (
      marker &&
      fence &&
      marker[1][0] === fence.char &&
      marker[1].length >= fence.length &&
      marker[2].trim() === ''
    ) {
      fence = undefined;
      inFence = true;
    }
    const heading = inFence ? null : /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      current = { title: heading[1], body: '' };
      sections.push(current);
    } else if (current) {
      current.body += `${line}\n`;
    } else if (!/^#\s/.test(line)) {
      preamble.push(line);
    }
  }
  for (const s of sections) s.body = s.body.trim();
  const intro = preamble.join('\n').trim();
  if (intro) sections.unshift({ title: 'Overview', body: intro });
  if (sections.length === 0) {
    throw new ConfigurationError(
      `${file}: has no text for the model card; expected Markdown with "## Intended use", "## Limitations", … sections.`,
    );
  }
  return sections;
}

export async function readCardSections(file: string): Promise<CardSection[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigurationError(
      `model card ${file}: ${code === 'ENOENT' ? 'no such file' : getErrorMessage(error)}; expected a Markdown file.`,
    );
  }
  return parseCardSections(text, file);
}

/** Sections from the card file first, then the one-by-one inputs (intended use, limitations). */
export function mergeCardSections(
  fromFile: CardSection[],
  inline: { intendedUse?: string; limitations?: string },
): CardSection[] {
  const out = [...fromFile];
  const add = (title: string, body: string | undefined) => {
    if (!body?.trim()) return;
    const existing = out.find((s) => s.title.toLowerCase() === title.toLowerCase());
    if (existing) existing.body = `${existing.body}\n\n${body.trim()}`.trim();
    else out.push({ title, body: body.trim() });
  };
  add('Intended use', inline.intendedUse);
  add('Limitations', inline.limitations);
  return out;
}
