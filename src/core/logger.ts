/**
 * The seam between core and its hosts (codeql-action's Logger): inside Actions it maps to @actions/core,
 * on a laptop to the console, in tests to a recording logger.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export function getConsoleLogger(options: { verbose?: boolean } = {}): Logger {
  return {
    debug: (m) => {
      if (options.verbose) process.stderr.write(`debug: ${m}\n`);
    },
    info: (m) => process.stdout.write(`${m}\n`),
    warning: (m) => process.stderr.write(`warning: ${m}\n`),
    error: (m) => process.stderr.write(`error: ${m}\n`),
  };
}

export interface RecordedMessage {
  level: 'debug' | 'info' | 'warning' | 'error';
  message: string;
}

export function getRecordingLogger(
  messages: RecordedMessage[] = [],
): Logger & { messages: RecordedMessage[] } {
  return {
    messages,
    debug: (message) => messages.push({ level: 'debug', message }),
    info: (message) => messages.push({ level: 'info', message }),
    warning: (message) => messages.push({ level: 'warning', message }),
    error: (message) => messages.push({ level: 'error', message }),
  };
}
