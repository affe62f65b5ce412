/** sha256 and size of files, streamed (a model can be gigabytes), with errors that name the file. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import type { FileDigest } from './types.js';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The digest of a file the user named (`what` says which input, for the message). */
export async function digestUserFile(path: string, what: string): Promise<FileDigest & { absolute: string }> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new ConfigurationError(`${what} ${path}: is not a file.`);
    size = s.size;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = (error as { code?: string }).code;
    throw new ConfigurationError(
      code === 'ENOENT'
        ? `${what} ${path}: no such file.`
        : `${what} ${path}: cannot be read (${getErrorMessage(error)}).`,
    );
  }
  return { path, absolute: path, sha256: await sha256File(path), size_bytes: size };
}

/** GitHub refuses release assets of 2 GiB and more; so does the local store, so both agree. */
export const MAX_ASSET_BYTES = 2 * 1024 ** 3;

export function checkAssetSize(name: string, path: string, size: number): void {
  if (size >= MAX_ASSET_BYTES) {
    throw new ConfigurationError(
      `${path}: is ${(size / 1024 ** 3).toFixed(2)} GiB; a registry asset (${name}) must be under 2 GiB, ` +
        "GitHub's limit for one release asset. Keep large weights as ONNX external data or shrink the model " +
        '(quantization, float16).',
    );
  }
}
