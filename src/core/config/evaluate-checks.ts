import { suggest } from './did-you-mean.js';
import type { DataIssue } from './schema-errors.js';
import { displayPath, show } from './schema-errors.js';

type JsonObject = Record<string, unknown>;

/**
 * Rules of the `evaluate` section that JSON Schema cannot word clearly: keys that only make sense for
 * some tasks, class lists that disagree with the task or with `positive-class`, bin edges out of
 * order, and feature lists that contradict themselves. Runs on the raw (kebab-case) data once it
 * matches the schema, like boundsIssues, so every message can point at `file:line:col`.
 */
export function evaluateIssues(root: unknown): DataIssue[] {
  const evaluate = (root as JsonObject | null)?.evaluate;
  if (!isObject(evaluate)) return [];
  const at = ['evaluate'];
  return [
    ...taskIssues(evaluate, at),
    ...featureIssues(evaluate, at),
    ...(Array.isArray(evaluate.slices)
      ? evaluate.slices.flatMap((s, i) => binIssues(s, [...at, 'slices', String(i)]))
      : []),
  ];
}

function taskIssues(evaluate: JsonObject, at: string[]): DataIssue[] {
  const issues: DataIssue[] = [];
  const task = String(evaluate.task);
  const classes = Array.isArray(evaluate.classes) ? evaluate.classes.map(String) : undefined;
  const positive = evaluate['positive-class'];
  if (positive !== undefined && task !== 'binary') {
    issues.push(keyIssue(at, 'positive-class', `applies to task binary only; task is ${show(task)}`));
  }
  if (classes !== undefined && task === 'regression') {
    issues.push(keyIssue(at, 'classes', `applies to tasks binary and multiclass only; task is "regression"`));
  }
  if (classes === undefined) return issues;
  // uniqueItems tells 1 from "1"; the loader turns both into "1", so they name the same class.
  const seen = new Set<string>();
  classes.forEach((name, i) => {
    if (seen.has(name)) {
      const where = [...at, 'classes', String(i)];
      issues.push({
        pointer: where,
        anchor: 'value',
        message: `${displayPath([...at, 'classes'])} lists "${name}" more than once`,
      });
    }
    seen.add(name);
  });
  if (task === 'binary' && classes.length !== 2) {
    issues.push({
      pointer: [...at, 'classes'],
      anchor: 'value',
      message: `${displayPath([...at, 'classes'])} lists ${classes.length} classes; task binary needs exactly 2`,
    });
  }
  if (task === 'binary' && positive !== undefined && !classes.includes(String(positive))) {
    const hint = suggest(String(positive), classes);
    issues.push({
      pointer: [...at, 'positive-class'],
      anchor: 'value',
      message:
        `${displayPath([...at, 'positive-class'])} ${show(String(positive))} is not one of evaluate.classes ` +
        `(${classes.join(', ')})${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
    });
  }
  return issues;
}

function featureIssues(evaluate: JsonObject, at: string[]): DataIssue[] {
  const issues: DataIssue[] = [];
  const features = Array.isArray(evaluate.features) ? evaluate.features.map(String) : [];
  const exclude = Array.isArray(evaluate.exclude) ? evaluate.exclude.map(String) : [];
  const label = String(evaluate.label);
  const i = features.indexOf(label);
  // Feeding the label to the model would make every metric meaningless.
  if (i >= 0) {
    issues.push({
      pointer: [...at, 'features', String(i)],
      anchor: 'value',
      message: `${displayPath([...at, 'features'])} lists the label column ${show(label)}; the label is never a feature`,
    });
  }
  exclude.forEach((column, j) => {
    if (!features.includes(column)) return;
    issues.push({
      pointer: [...at, 'exclude', String(j)],
      anchor: 'value',
      message: `${displayPath([...at, 'exclude'])} lists ${show(column)}, which evaluate.features also lists`,
    });
  });
  return issues;
}

function binIssues(slice: unknown, at: string[]): DataIssue[] {
  if (!isObject(slice) || !Array.isArray(slice.bins)) return [];
  const bins = slice.bins as number[];
  for (let i = 1; i < bins.length; i++) {
    if (bins[i] > bins[i - 1]) continue;
    return [
      {
        pointer: [...at, 'bins', String(i)],
        anchor: 'value',
        message: `${displayPath([...at, 'bins'])} must be strictly increasing; ${bins[i]} follows ${bins[i - 1]}`,
      },
    ];
  }
  return [];
}

function keyIssue(at: string[], key: string, text: string): DataIssue {
  return { pointer: [...at, key], anchor: 'key', message: `${displayPath([...at, key])} ${text}` };
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
