import {
  closeSync,
  createReadStream,
  createWriteStream,
  fstatSync,
  openSync,
  readSync,
  rmSync,
} from 'node:fs';
import { once } from 'node:events';
import * as zlib from 'node:zlib';
import { getErrorMessage } from '../../errors.js';

/**
 * A minimal zip reader for NuGet packages (a .nupkg is a zip): the central directory, zip64 sizes,
 * stored and deflated entries, each checked against its CRC-32. Entries stream to disk, so a
 * provider library of several hundred MB never sits in memory. (adm-zip is in node_modules only as
 * onnxruntime-node's install-script dependency; mlgate does not depend on it.)
 */

let crcTable: Uint32Array | undefined;

/** zlib.crc32 arrived in Node 20.15; older Node 20 releases get the table-driven version. */
function crc32(chunk: Buffer, value: number): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(chunk, value);
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~value >>> 0;
  for (let i = 0; i < chunk.length; i++) c = crcTable[(c ^ chunk[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {
  override readonly name = 'ZipError';
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

function readUInt64(buffer: Buffer, at: number): number {
  return Number(buffer.readBigUInt64LE(at));
}

/** Lists the entries of the zip at `file`. */
export function readZipDirectory(file: string): ZipEntry[] {
  const fd = openSync(file, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    const tailLength = Math.min(fileSize, 22 + 0xffff);
    const tail = readAt(fd, fileSize - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1)
      throw new ZipError(`${file} is not a zip file (no end of central directory): truncated?`);
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locatorAt = eocd - 20;
      if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== 0x07064b50) {
        throw new ZipError(`${file}: zip64 sizes without a zip64 locator; the file is corrupt.`);
      }
      const zip64 = readAt(fd, readUInt64(tail, locatorAt + 8), 56);
      if (zip64.length < 56 || zip64.readUInt32LE(0) !== 0x06064b50) {
        throw new ZipError(`${file}: the zip64 end of central directory is missing; the file is corrupt.`);
      }
      count = readUInt64(zip64, 32);
      cdSize = readUInt64(zip64, 40);
      cdOffset = readUInt64(zip64, 48);
    }
    if (cdOffset + cdSize > fileSize)
      throw new ZipError(`${file} is truncated: its central directory is cut off.`);
    const cd = readAt(fd, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > cd.length || cd.readUInt32LE(at) !== 0x02014b50) {
        throw new ZipError(`${file}: central directory entry ${n + 1} is corrupt.`);
      }
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      const entry: ZipEntry = {
        name: cd.toString('utf8', at + 46, at + 46 + nameLength),
        method: cd.readUInt16LE(at + 10),
        crc32: cd.readUInt32LE(at + 16),
        compressedSize: cd.readUInt32LE(at + 20),
        size: cd.readUInt32LE(at + 24),
        localHeaderOffset: cd.readUInt32LE(at + 42),
      };
      // zip64 extra field: the 64-bit values, in this order, of the fields stored as 0xFFFFFFFF.
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = cd.readUInt16LE(extra);
        const size = cd.readUInt16LE(extra + 2);
        if (id === 0x0001) {
          let p = extra + 4;
          if (entry.size === 0xffffffff) {
            entry.size = readUInt64(cd, p);
            p += 8;
          }
          if (entry.compressedSize === 0xffffffff) {
            entry.compressedSize = readUInt64(cd, p);
            p += 8;
          }
          if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = readUInt64(cd, p);
        }
        extra += 4 + size;
      }
      entries.push(entry);
      at = extraEnd + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** NuGet (OPC) escapes some characters in entry names; match either form. */
export function findZipEntry(entries: readonly ZipEntry[], path: string): ZipEntry | undefined {
  return entries.find((e) => {
    if (e.name === path) return true;
    try {
      return decodeURIComponent(e.name) === path;
    } catch {
      return false;
    }
  });
}

/** Writes one entry's content to `dest`, checking its size and CRC-32; removes `dest` on failure. */
export async function extractZipEntry(file: string, entry: ZipEntry, dest: string): Promise<void> {
  const fd = openSync(file, 'r');
  let dataStart: number;
  try {
    const local = readAt(fd, entry.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) {
      throw new ZipError(
        `${file}: the local header of ${entry.name} is missing; the file is corrupt or truncated.`,
      );
    }
    dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + entry.compressedSize > fstatSync(fd).size) {
      throw new ZipError(`${file} is truncated: ${entry.name} is cut off.`);
    }
  } finally {
    closeSync(fd);
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipError(
      `${file}: ${entry.name} uses compression method ${entry.method}; only stored and deflate are read.`,
    );
  }
  const raw = createReadStream(file, {
    start: dataStart,
    end: dataStart + Math.max(entry.compressedSize, 1) - 1,
  });
  const source =
    entry.compressedSize === 0 ? [] : entry.method === 8 ? raw.pipe(zlib.createInflateRaw()) : raw;
  const out = createWriteStream(dest);
  let crc = 0;
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    if (size !== entry.size || crc !== entry.crc32) {
      throw new ZipError(
        `${file}: ${entry.name} is corrupt (size ${size}, expected ${entry.size}; CRC-32 ${crc.toString(16)}, expected ${entry.crc32.toString(16)}).`,
      );
    }
  } catch (error) {
    out.destroy();
    raw.destroy();
    // The write stream opens its file asynchronously: remove it only once the stream has closed, or
    // a late open would leave the half-written file behind (seen in CI when inflating failed at once).
    if (!out.closed) await once(out, 'close');
    rmSync(dest, { force: true });
    if (error instanceof ZipError) throw error;
    throw new ZipError(`${file}: could not inflate ${entry.name}: ${getErrorMessage(error)}`);
  }
}
