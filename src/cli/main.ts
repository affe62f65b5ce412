import {
  ExitCode,
  getErrorMessage,
  isConfigurationError,
  isServiceUnavailableError,
} from '../core/errors.js';
import { getConsoleLogger } from '../core/logger.js';
import { VERSION } from './version.js';

/** What the entry knows about where it runs. */
export interface CliContext {
  /** The bundled CSV validation worker; absent when running from source. */
  workerUrl?: URL;
  /** The bundled CSV reader thread of evaluations; absent when running from source. */
  evaluateWorkerUrl?: URL;
  /** The bundled numeric column worker of drift runs. */
  driftWorkerUrl?: URL;
  /** The bundled side reader of drift runs. */
  driftReaderUrl?: URL;
}

type Command = (
  argv: string[],
  logger: ReturnType<typeof getConsoleLogger>,
  cwd: string,
  context: CliContext,
) => Promise<number>;

interface CommandModule {
  run: Command;
  help: string;
}

/**
 * Each command's code is loaded when it runs: `mlgate validate` does not load the model runtime's
 * code, nor `mlgate evaluate` the JSON Schema validator's (start-up is a tenth of a small run).
 */
const commands: Record<string, { load: () => Promise<CommandModule>; summary: string }> = {
  validate: {
    load: async () => {
      const m = await import('./commands/validate.js');
      return { run: m.validateCommand, help: m.validateHelp };
    },
    summary: 'validate data files against a JSON Schema and dataset checks',
  },
  'infer-schema': {
    load: async () => {
      const m = await import('./commands/infer-schema.js');
      return { run: m.inferSchemaCommand, help: m.inferSchemaHelp };
    },
    summary: 'write a draft schema and checks from reference data',
  },
  evaluate: {
    load: async () => {
      const m = await import('./commands/evaluate.js');
      return { run: m.evaluateCommand, help: m.evaluateHelp };
    },
    summary: 'evaluate an ONNX model on labelled data: metrics, thresholds, slices, latency',
  },
  merge: {
    load: async () => {
      const m = await import('./commands/merge.js');
      return { run: m.mergeCommand, help: m.mergeHelp };
    },
    summary: 'combine the shards of one evaluation into one result',
  },
  drift: {
    load: async () => {
      const m = await import('./commands/drift.js');
      return { run: m.driftCommand, help: m.driftHelp };
    },
    summary: 'compare current data with reference data: per-column drift and data quality',
  },
  compare: {
    load: async () => {
      const m = await import('./commands/compare.js');
      return { run: m.compareCommand, help: m.compareHelp };
    },
    summary: 'compare a candidate with its baseline on the same rows: paired statistics and a verdict',
  },
  gate: {
    load: async () => {
      const m = await import('./commands/gate.js');
      return { run: m.gateCommand, help: m.gateHelp };
    },
    summary: 'one verdict from validation, evaluation, comparison and drift results',
  },
  release: {
    load: async () => {
      const m = await import('./commands/release.js');
      return { run: m.releaseCommand, help: m.releaseHelp };
    },
    summary: 'record a model version in the registry (all or nothing, GTO tags)',
  },
  promote: {
    load: async () => {
      const m = await import('./commands/promote.js');
      return { run: m.promoteCommand, help: m.promoteHelp };
    },
    summary: 'assign a stage such as production to a recorded version',
  },
  rollback: {
    load: async () => {
      const m = await import('./commands/rollback.js');
      return { run: m.rollbackCommand, help: m.rollbackHelp };
    },
    summary: 'move a stage back to the version it held before',
  },
  versions: {
    load: async () => {
      const m = await import('./commands/versions.js');
      return { run: m.versionsCommand, help: m.versionsHelp };
    },
    summary: "list a model's versions and stages (versions.json)",
  },
};

export const mainHelp = `mlgate ${VERSION}: model CI for GitHub Actions and your laptop

Usage: mlgate <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`)
  .join('\n')}

Run "mlgate <command> --help" for a command's options.
Exit codes: 0 ran and passed, 1 ran and a gate failed, 2 bad usage, configuration or input, 70 an
internal error (please report it), 75 GitHub could not be reached (try again later).
`;

/** Runs the CLI and returns its exit code; user mistakes print one line on stderr, never a stack trace. */
export async function main(argv: string[], cwd = process.cwd(), context: CliContext = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    process.stdout.write(topic && commands[topic] ? (await commands[topic].load()).help : mainHelp);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  const logger = getConsoleLogger({ verbose: process.env.MLGATE_DEBUG === '1' });
  if (!command) {
    process.stderr.write(
      `mlgate: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}. Run "mlgate --help".\n`,
    );
    return ExitCode.BadInput;
  }
  try {
    return await (await command.load()).run(rest, logger, cwd, context);
  } catch (error) {
    if (isConfigurationError(error)) {
      process.stderr.write(`mlgate ${name}: ${getErrorMessage(error)}\n`);
      return ExitCode.BadInput;
    }
    if (isServiceUnavailableError(error)) {
      process.stderr.write(`mlgate ${name}: ${getErrorMessage(error)}\n`);
      return ExitCode.ServiceUnavailable;
    }
    process.stderr.write(`mlgate ${name}: internal error: ${getErrorMessage(error)}\n`);
    if (error instanceof Error && error.stack && process.env.MLGATE_DEBUG === '1')
      process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('Set MLGATE_DEBUG=1 for the stack trace, and please report it.\n');
    return ExitCode.InternalError;
  }
}
