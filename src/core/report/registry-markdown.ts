/** Job summaries of the registry operations (record-release). */
import type { ReleaseResult, StageResult, VersionsResult } from '../jobs/registry-job.js';
import { escapeCell } from './markdown-table.js';

/** Text that came from files (paths, metric names): no HTML, no table breaks. */
function cell(text: string): string {
  return escapeCell(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function fmt(value: number | null): string {
  if (value === null) return 'not computable';
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}

export function releaseMarkdown(result: ReleaseResult, releaseUrl?: string): string {
  const lines: string[] = [];
  const what =
    result.outcome === 'unchanged'
      ? 'already recorded: nothing new'
      : result.outcome === 'resumed'
        ? 'recorded (an earlier attempt was completed)'
        : 'recorded';
  lines.push(`## mlgate release: ${code(result.tag)} ${what}`, '');
  const how =
    result.bump.kind === 'explicit'
      ? 'an explicit version'
      : `a ${result.bump.kind} bump${result.bump.from ? ` from ${result.bump.from}` : ' (the first version)'}`;
  lines.push(
    `${releaseUrl ? `[${result.tag}](${releaseUrl})` : code(result.tag)} in ${cell(result.registry.description)}, ` +
      `${how}. Model sha256 ${code(result.sha256)} (${result.size_bytes} bytes)` +
      (result.verdict ? `, verdict **${result.verdict}**.` : '.'),
    '',
  );
  if (result.bump.breaking_changes.length > 0) {
    lines.push('Breaking changes from the previous version:', '');
    for (const change of result.bump.breaking_changes) lines.push(`- ${cell(change)}`);
    lines.push('');
  }
  const metrics = Object.entries(result.metrics);
  if (metrics.length > 0) {
    lines.push('| metric | value |', '| --- | --- |');
    for (const [name, value] of metrics.slice(0, 30)) lines.push(`| ${cell(name)} | ${fmt(value)} |`);
    if (metrics.length > 30) lines.push(`| … ${metrics.length - 30} more in manifest.json | |`);
    lines.push('');
  }
  if (result.assets.length > 0) {
    lines.push('| asset | bytes | sha256 |', '| --- | --- | --- |');
    for (const a of result.assets)
      lines.push(`| ${cell(a.name)} | ${a.size_bytes} | ${code(a.sha256.slice(0, 16))}… |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function stageMarkdown(result: StageResult): string {
  const verb = result.operation === 'promote' ? 'promote' : 'rollback';
  const change =
    result.outcome === 'unchanged'
      ? `${code(result.stage)} already holds ${result.version}: nothing to do`
      : `${code(result.stage)} → **${result.version}**${result.from ? ` (was ${result.from})` : ''}`;
  return `## mlgate ${verb}: ${result.name}\n\n${change}, recorded as ${code(result.tag)} in ${cell(result.registry.description)}${result.by ? ` by ${cell(result.by)}` : ''}.\n`;
}

export function versionsMarkdown(result: VersionsResult): string {
  const lines = [`## mlgate versions: ${result.name}`, ''];
  if (result.versions.length === 0) {
    lines.push(`No versions recorded in ${cell(result.registry.description)}.`);
    return `${lines.join('\n')}\n`;
  }
  const stagesOf = (version: string) =>
    Object.entries(result.stages)
      .filter(([, v]) => v === version)
      .map(([s]) => s);
  lines.push('| version | created | sha256 | stages |', '| --- | --- | --- | --- |');
  for (const v of [...result.versions].reverse()) {
    lines.push(
      `| ${v.version} | ${v.created_at} | ${code(v.sha256.slice(0, 12))} | ${stagesOf(v.version).join(', ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
