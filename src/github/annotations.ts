import * as core from '@actions/core';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface Finding {
  file: string;
  line: number | null;
  title: string;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * Turns the first findings into file annotations. Only files inside the workspace can be annotated
 * (GitHub resolves annotation paths against the repository root); others are skipped.
 */
export function annotateFindings(
  findings: readonly Finding[],
  max: number,
  workspace = process.env.GITHUB_WORKSPACE,
): number {
  if (!workspace || max <= 0) return 0;
  const root = resolve(workspace);
  let written = 0;
  for (const finding of findings) {
    if (written >= max) break;
    const path = relative(root, resolve(root, finding.file));
    if (path.startsWith(`..${sep}`) || path === '..' || isAbsolute(path)) continue;
    const properties: core.AnnotationProperties = { file: path.split(sep).join('/'), title: finding.title };
    if (finding.line !== null && finding.line > 0) properties.startLine = finding.line;
    if (finding.severity === 'error') core.error(finding.message, properties);
    else core.warning(finding.message, properties);
    written++;
  }
  return written;
}
