// Generates the inputs/outputs tables of each action's README from its action.yml and checks them.
//   node scripts/action-docs.mjs           check: exit 1 if a README's tables differ from its action.yml
//   node scripts/action-docs.mjs --write   rewrite the tables between the markers
// Also checks that every action.yml runs on node24 (GitHub's current runtime).
// Markers in a README: <!-- action-docs-inputs --> ... <!-- /action-docs-inputs --> (same for outputs).
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const write = process.argv.includes('--write');

export function actionDirs() {
  const dirs = [root];
  const actions = join(root, 'actions');
  if (existsSync(actions)) for (const name of readdirSync(actions).sort()) dirs.push(join(actions, name));
  return dirs.filter((d) => existsSync(join(d, 'action.yml')));
}

const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
// Descriptions are Markdown text: `<name>@v<version>` would be read as HTML tags and vanish on GitHub.
const text = (s) => cell(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function inputsTable(action) {
  const rows = Object.entries(action.inputs ?? {}).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default !== undefined ? `\`${cell(i.default)}\`` : ''} | ${text(i.description)} |`,
  );
  return ['| Name | Required | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function outputsTable(action) {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, o]) => `| \`${name}\` | ${text(o.description)} |`,
  );
  return ['| Name | Description |', '| --- | --- |', ...rows].join('\n');
}

function replaceBlock(text, marker, table, file) {
  const re = new RegExp(`<!-- ${marker} -->[\\s\\S]*?<!-- /${marker} -->`);
  if (!re.test(text))
    throw new Error(`${file}: missing the markers <!-- ${marker} --> ... <!-- /${marker} -->`);
  return text.replace(re, () => `<!-- ${marker} -->\n${table}\n<!-- /${marker} -->`);
}

let problems = 0;
for (const dir of actionDirs()) {
  const ymlPath = join(dir, 'action.yml');
  const action = parse(readFileSync(ymlPath, 'utf8'));
  const rel = relative(root, ymlPath) || 'action.yml';
  if (action?.runs?.using !== 'node24' && action?.runs?.using !== 'composite') {
    console.error(`${rel}: runs.using is "${action?.runs?.using}"; every node action must use node24.`);
    problems++;
  }
  const readmePath = join(dir, 'README.md');
  if (!existsSync(readmePath)) {
    console.error(
      `${relative(root, readmePath)}: missing (each action needs a README with inputs/outputs tables).`,
    );
    problems++;
    continue;
  }
  const before = readFileSync(readmePath, 'utf8');
  let after;
  try {
    after = replaceBlock(before, 'action-docs-inputs', inputsTable(action), relative(root, readmePath));
    after = replaceBlock(after, 'action-docs-outputs', outputsTable(action), relative(root, readmePath));
  } catch (error) {
    console.error(error.message);
    problems++;
    continue;
  }
  if (after !== before) {
    if (write) {
      writeFileSync(readmePath, after);
      console.log(`updated ${relative(root, readmePath)}`);
    } else {
      console.error(
        `${relative(root, readmePath)}: inputs/outputs tables differ from ${rel}; run "node scripts/action-docs.mjs --write".`,
      );
      problems++;
    }
  }
}
if (problems) process.exit(1);
if (!write)
  console.log(`action docs: ${actionDirs().length} action.yml files checked, tables match, all node24`);
