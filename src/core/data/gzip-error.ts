import { getErrorMessage } from '../errors.js';

/** zlib's error codes start with Z_ (Z_DATA_ERROR, Z_BUF_ERROR, ...). */
export function isGzipError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** One wording for a bad .gz file, whatever the format inside. */
export function describeGzipError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const what = code === 'Z_BUF_ERROR' ? 'the gzip data is truncated' : 'the file is not valid gzip data';
  return `${what} (${getErrorMessage(error)}); expected a complete .gz file`;
}
