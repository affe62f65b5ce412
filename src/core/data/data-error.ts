import { ConfigurationError } from '../errors.js';

/** Where in a data file a problem is. Every field is optional; the message includes what is known. */
export interface DataLocation {
  /** 1-based data row (header excluded in CSV; the line number in JSON Lines). */
  row?: number;
  /** 1-based physical line in the file. */
  line?: number;
  column?: string;
}

/** A user mistake in a data file: names the file and, where known, the row, line and column. */
export class DataError extends ConfigurationError {
  readonly file: string;
  readonly location: DataLocation;
  readonly problem: string;
  constructor(file: string, location: DataLocation, problem: string) {
    super(`${file}${formatLocation(location)}: ${problem}`);
    this.file = file;
    this.location = location;
    this.problem = problem;
  }

  /** The same error naming the file as `name` (e.g. relative to the workspace, as results do). */
  renamed(name: string): DataError {
    return new DataError(name, this.location, this.problem);
  }
}

export function formatLocation({ row, line, column }: DataLocation): string {
  const parts: string[] = [];
  if (row !== undefined)
    parts.push(line !== undefined && line !== row ? `row ${row} (line ${line})` : `row ${row}`);
  else if (line !== undefined) parts.push(`line ${line}`);
  if (column !== undefined) parts.push(`column "${column}"`);
  return parts.length ? `: ${parts.join(', ')}` : '';
}
