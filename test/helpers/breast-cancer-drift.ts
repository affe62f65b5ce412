import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './run-action.js';

/**
 * A prediction-drift pair from the breast cancer fixture: the labelled file as the reference, and the
 * current data without the `target` column and with its size features (radius, perimeter, area: the
 * binary-logreg model's strongest) 1.6 times larger, so the model's scores move.
 */
export function writeShiftedBreastCancer(
  dir: string,
  names = { reference: 'reference.csv', current: 'current.csv' },
) {
  const lines = readFileSync(join(repoRoot, 'test/fixtures/eval/breast-cancer.csv'), 'utf8')
    .trim()
    .split('\n');
  writeFileSync(join(dir, names.reference), `${lines.join('\n')}\n`);
  const header = lines[0].split(',');
  const sizes = header.flatMap((h, i) => (/(radius|perimeter|area)$/.test(h) ? [i] : []));
  const target = header.indexOf('target');
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(',');
    for (const i of sizes) cells[i] = String(Number(cells[i]) * 1.6);
    return cells.filter((_, i) => i !== target).join(',');
  });
  writeFileSync(
    join(dir, names.current),
    `${[header.filter((_, i) => i !== target).join(','), ...rows].join('\n')}\n`,
  );
}
