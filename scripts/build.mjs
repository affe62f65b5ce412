// Builds every action entry and the CLI into dist/ as ES modules sharing code through chunks
// (codeql-action style: one shared bundle, thin entries). Output is deterministic so CI can check
// that the committed dist/ is up to date.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { readdirSync, rmSync, existsSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const actionsDir = join(root, 'src', 'actions');
const entryPoints = {
  cli: join(root, 'src', 'cli', 'index.ts'),
  // Worker threads load this file by path (see src/core/validate/parallel/).
  'workers/csv-validate': join(root, 'src', 'core', 'validate', 'parallel', 'csv-worker.ts'),
  'workers/evaluate-read': join(root, 'src', 'core', 'evaluate', 'parallel', 'read-worker.ts'),
  'workers/drift-column': join(root, 'src', 'core', 'drift', 'column-worker.ts'),
  'workers/drift-read': join(root, 'src', 'core', 'drift', 'read-worker.ts'),
};
for (const name of readdirSync(actionsDir)) {
  const entry = join(actionsDir, name, 'index.ts');
  if (existsSync(entry)) entryPoints[`actions/${name}`] = entry;
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints,
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  // Native: provisioned at run time by the actions (DESIGN §5), the npm dependency for the CLI.
  external: ['onnxruntime-node'],
  plugins: [
    {
      // @actions/core pulls in @actions/http-client (and undici) only for OIDC tokens; see the stub's comment.
      // Packages that really talk HTTP (@actions/cache, @actions/tool-cache) keep the real client.
      name: 'no-http-client',
      setup(b) {
        b.onResolve({ filter: /^@actions\/http-client(\/|$)/ }, (args) =>
          /[\\/]node_modules[\\/]@actions[\\/]core[\\/]/.test(args.importer)
            ? { path: join(root, 'src', 'github', 'no-http-client.ts') }
            : undefined,
        );
      },
    },
  ],
  sourcemap: false,
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);",
  },
});
chmodSync(join(root, 'dist', 'cli.js'), 0o755);
