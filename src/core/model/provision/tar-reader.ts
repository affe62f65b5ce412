import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, resolve, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { getErrorMessage } from '../../errors.js';

/**
 * A minimal reader for npm's package tarballs (gzipped ustar with pax or GNU long names): enough to
 * unpack onnxruntime-node without a tar dependency. Regular files and folders only; links and devices
 * are skipped, and no entry may land outside the destination.
 */

export interface ExtractOptions {
  /** Leading path components to drop; npm packs everything under `package/`, so 1. */
  strip?: number;
  /** Entries (paths after stripping, with `/`) to keep; the rest are not written. */
  filter?: (path: string) => boolean;
}

export interface ExtractResult {
  files: number;
  skipped: string[];
}

const BLOCK = 512;

export class TarError extends Error {
  override readonly name = 'TarError';
}

function readString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end === -1 || end > start + length ? start + length : end);
}

function readOctal(block: Buffer, start: number, length: number): number {
  // GNU base-256 for sizes of 8 GiB and more: high bit of the first byte set.
  if (block[start] & 0x80) {
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    return value;
  }
  const text = readString(block, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = readOctal(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum === stored;
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(body.toString('utf8', at, space), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = body.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return out;
}

/** The entry's path inside `dest`, or an error when it would escape it. */
export function safeEntryPath(dest: string, entryName: string, strip: number): string | undefined {
  const parts = entryName
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length <= strip) return undefined;
  const rel = parts.slice(strip).join('/');
  const normalized = posix.normalize(rel);
  if (isAbsolute(entryName) || normalized.startsWith('..') || parts.includes('..')) {
    throw new TarError(
      `Tar entry "${entryName}" points outside the destination folder; refusing to extract.`,
    );
  }
  const root = resolve(dest);
  const target = resolve(root, normalized);
  if (target !== root && !target.startsWith(root + sep)) {
    throw new TarError(
      `Tar entry "${entryName}" points outside the destination folder; refusing to extract.`,
    );
  }
  return normalized;
}

type State =
  | { kind: 'header' }
  | {
      kind: 'body';
      remaining: number;
      padding: number;
      fd?: number;
      collect?: Buffer[];
      meta?: 'pax' | 'longname';
    }
  | { kind: 'end' };

/** Unpacks a .tgz file into `dest` (which must exist). */
export async function extractTarGz(
  file: string,
  dest: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const strip = options.strip ?? 1;
  const result: ExtractResult = { files: 0, skipped: [] };
  let state = { kind: 'header' } as State;
  // Read through a function: TypeScript would otherwise keep a narrowing the closures invalidate.
  const stateKind = (): State['kind'] => state.kind;
  let pending: Buffer = Buffer.alloc(0);
  let paxPath: string | undefined;
  let paxSize: number | undefined;
  let longName: string | undefined;
  let zeroBlocks = 0;

  const closeFd = () => {
    if (state.kind === 'body' && state.fd !== undefined) {
      closeSync(state.fd);
      state.fd = undefined;
    }
  };

  const startEntry = (header: Buffer) => {
    const typeflag = String.fromCharCode(header[156] || 0x30);
    let name = readString(header, 0, 100);
    const prefix = readString(header, 345, 155);
    if (prefix && readString(header, 257, 6).startsWith('ustar')) name = `${prefix}/${name}`;
    if (longName !== undefined) name = longName;
    if (paxPath !== undefined) name = paxPath;
    const size = paxSize ?? readOctal(header, 124, 12);
    const mode = readOctal(header, 100, 8);
    longName = paxPath = paxSize = undefined;
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;

    if (typeflag === 'x' || typeflag === 'L') {
      state = {
        kind: 'body',
        remaining: size,
        padding,
        collect: [],
        meta: typeflag === 'x' ? 'pax' : 'longname',
      };
      return;
    }
    if (typeflag === 'g') {
      state = { kind: 'body', remaining: size, padding };
      return;
    }
    const rel = safeEntryPath(dest, name, strip);
    if (typeflag === '5') {
      if (rel !== undefined && (options.filter?.(rel) ?? true))
        mkdirSync(join(dest, rel), { recursive: true });
      state = { kind: 'body', remaining: size, padding };
      return;
    }
    const regular = typeflag === '0' || typeflag === '7';
    if (!regular || rel === undefined || !(options.filter?.(rel) ?? true)) {
      if (rel !== undefined) result.skipped.push(regular ? rel : `${rel} (tar type ${typeflag})`);
      state = { kind: 'body', remaining: size, padding };
      return;
    }
    const target = join(dest, rel);
    mkdirSync(dirname(target), { recursive: true });
    const fd = openSync(target, 'w', (mode & 0o777) | 0o600);
    result.files++;
    state = { kind: 'body', remaining: size, padding, fd };
  };

  const consume = (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    while (state.kind !== 'end') {
      if (state.kind === 'header') {
        if (pending.length - at < BLOCK) break;
        const header = pending.subarray(at, at + BLOCK);
        at += BLOCK;
        if (header.every((b) => b === 0)) {
          if (++zeroBlocks === 2) state = { kind: 'end' };
          continue;
        }
        zeroBlocks = 0;
        if (!checksumOk(header))
          throw new TarError('a tar header has a bad checksum: the archive is corrupt');
        startEntry(header);
        continue;
      }
      const body: Extract<State, { kind: 'body' }> = state;
      if (body.remaining > 0) {
        const take = Math.min(body.remaining, pending.length - at);
        if (take === 0) break;
        const slice = pending.subarray(at, at + take);
        if (body.fd !== undefined) writeSync(body.fd, slice);
        else if (body.collect) body.collect.push(Buffer.from(slice));
        body.remaining -= take;
        at += take;
        if (body.remaining > 0) break;
      }
      if (pending.length - at < body.padding) break;
      at += body.padding;
      closeFd();
      if (body.meta === 'pax') {
        const pax = parsePax(Buffer.concat(body.collect ?? []));
        if (pax.path !== undefined) paxPath = pax.path;
        if (pax.size !== undefined) paxSize = Number(pax.size);
      } else if (body.meta === 'longname') {
        longName = Buffer.concat(body.collect ?? [])
          .toString('utf8')
          .replace(/\0+$/, '');
      }
      state = { kind: 'header' };
    }
    pending = pending.subarray(at);
  };

  try {
    for await (const chunk of createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      if (stateKind() === 'end') break;
      consume(chunk);
    }
  } catch (error) {
    closeFd();
    if (error instanceof TarError) throw new TarError(`${file}: ${error.message}`);
    throw new TarError(`${file} is not a complete gzipped tar archive: ${getErrorMessage(error)}`);
  }
  closeFd();
  if (stateKind() === 'body' || (stateKind() === 'header' && pending.length > 0)) {
    throw new TarError(`${file} is truncated: the tar archive ends inside an entry.`);
  }
  return result;
}
