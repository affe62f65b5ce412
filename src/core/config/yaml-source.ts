import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLError } from 'yaml';
import { ConfigurationError, getErrorMessage } from '../errors.js';

/** 1-based line and column in the source text. */
export interface SourcePosition {
  line: number;
  col: number;
  /** 0-based character offset, for sorting. */
  offset: number;
}

/** A problem at a place in a file; formatted as `file:line:col: message`. */
export interface SourceIssue {
  at: SourcePosition;
  message: string;
}

/** Which part of a `key: value` entry a message points at. */
export type Anchor = 'key' | 'value';

/**
 * A parsed YAML (or JSON) file that remembers where each node came from, so that problems found later
 * in the plain data (by JSON pointer) can point at a line and column.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly text: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Parses `text`; YAML syntax errors (bad indentation, tabs, duplicate keys, ...) throw a
   * ConfigurationError listing each with its line and column.
   */
  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: true,
      merge: true,
    });
    const source = new YamlSource(file, text, doc, lines);
    if (doc.errors.length > 0) {
      throw new ConfigurationError(
        formatIssues(
          file,
          doc.errors.map((e) => source.syntaxIssue(e)),
        ),
      );
    }
    return source;
  }

  /** True when the file holds no document content (empty, or only comments and blank lines). */
  get isEmpty(): boolean {
    return this.doc.contents === null;
  }

  /** The plain data (aliases expanded). */
  toData(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Aliases that expand exponentially ("billion laughs") are refused by the yaml package.
      throw new ConfigurationError(`${this.file}: ${getErrorMessage(error)}`, { cause: error });
    }
  }

  position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, col, offset };
  }

  /**
   * Where the node at `pointer` (JSON pointer segments) is written: its key or its value. A segment that
   * does not exist (a missing key) stops the walk at the deepest node that does.
   */
  locate(pointer: readonly string[], anchor: Anchor = 'value'): SourcePosition {
    let node: unknown = this.doc.contents;
    let pair: Pair | undefined;
    for (const segment of pointer) {
      const next = this.child(node, segment);
      if (next === undefined) break;
      ({ node, pair } = next);
    }
    const keyNode = pair?.key;
    const valueNode = this.resolve(node);
    const useKey = isNode(keyNode) && (anchor === 'key' || !isNode(valueNode) || isEmptyScalar(valueNode));
    const target = useKey ? keyNode : valueNode;
    return this.position(isNode(target) && target.range ? target.range[0] : 0);
  }

  private child(node: unknown, segment: string): { node: unknown; pair?: Pair } | undefined {
    const container = this.resolve(node);
    if (isMap(container)) {
      const found = container.items.find((p) => isPair(p) && keyText(p.key) === segment);
      return found ? { node: found.value, pair: found } : undefined;
    }
    if (isSeq(container) && /^\d+$/.test(segment)) {
      const item = container.items[Number(segment)];
      return item === undefined ? undefined : { node: item };
    }
    return undefined;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  private syntaxIssue(error: YAMLError): SourceIssue {
    const [start] = error.pos;
    if (error.code === 'DUPLICATE_KEY') {
      const key = /^("[^"]*"|'[^']*'|[^:\n]*)/.exec(this.text.slice(start))?.[1].trim() ?? '';
      return {
        at: this.position(start),
        message: `YAML syntax error: duplicate key ${quoteKey(key)}; a key may appear once per mapping`,
      };
    }
    if (error.code === 'MULTIPLE_DOCS') {
      return {
        at: this.position(start),
        message: 'YAML syntax error: more than one document (a second "---"); expected one',
      };
    }
    if (error.code === 'MISSING_CHAR' && /closing "?quote/.test(error.message)) {
      // The parser reports the end of the file; the opening quote is where the user must look.
      const quote = error.message.includes('"quote') ? '"' : "'";
      const open = this.text.lastIndexOf(quote, start - 1);
      if (open >= 0)
        return {
          at: this.position(open),
          message: `YAML syntax error: the string opened with ${quote} here is never closed`,
        };
    }
    return { at: this.position(start), message: `YAML syntax error: ${error.message}` };
  }
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.source === '';
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function quoteKey(key: string): string {
  return /^["']/.test(key) ? key : JSON.stringify(key);
}

/** `file:line:col: message` lines, sorted by position, at most `limit` of them plus a count of the rest. */
export function formatIssues(file: string, issues: readonly SourceIssue[], limit = 10): string {
  const sorted = [...issues].sort((a, b) => a.at.offset - b.at.offset);
  const lines = sorted.slice(0, limit).map((i) => `${file}:${i.at.line}:${i.at.col}: ${i.message}`);
  const rest = sorted.length - limit;
  if (rest > 0) lines.push(`${file}: ... and ${rest} more problem${rest === 1 ? '' : 's'}`);
  return lines.join('\n');
}
