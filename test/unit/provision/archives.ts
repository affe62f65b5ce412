import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/** Test-side archive writers: npm-style .tgz (ustar, pax for long names) and .nupkg (zip). */

export interface ArchiveEntry {
  name: string;
  body: Buffer;
  type?: '0' | '5' | '2';
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function header(name: string, size: number, type: string, prefix = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(0, 12), 136);
  block.write('        ', 148);
  block.write(type, 156);
  block.write('ustar\0', 257);
  block.write('00', 263);
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of block) sum += b;
  block.write(octal(sum, 7) + ' ', 148);
  return block;
}

function pad(body: Buffer): Buffer[] {
  const rest = (512 - (body.length % 512)) % 512;
  return [body, Buffer.alloc(rest)];
}

export function tarBuffer(entries: readonly ArchiveEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? '0';
    if (Buffer.byteLength(entry.name) > 100) {
      const record = (r: string) => {
        let length = r.length + 3;
        while (`${length} ${r}\n`.length !== length) length = `${length} ${r}\n`.length;
        return `${length} ${r}\n`;
      };
      const pax = Buffer.from(record(`path=${entry.name}`));
      parts.push(header('PaxHeader', pax.length, 'x'), ...pad(pax));
      parts.push(header(entry.name.slice(0, 99), entry.body.length, type), ...pad(entry.body));
    } else {
      parts.push(
        header(entry.name, type === '0' ? entry.body.length : 0, type),
        ...(type === '0' ? pad(entry.body) : []),
      );
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function tgzOfEntries(entries: readonly ArchiveEntry[]): Buffer {
  return gzipSync(tarBuffer(entries));
}

/** Every file under `dir`, named `package/<relative path>` as npm packs it. */
export function entriesOfFolder(dir: string, prefix = 'package'): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        out.push({
          name: `${prefix}/${relative(dir, path).split('\\').join('/')}`,
          body: readFileSync(path),
        });
    }
  };
  walk(dir);
  return out;
}

export function sri(body: Buffer): string {
  return `sha512-${createHash('sha512').update(body).digest('base64')}`;
}

export function sha512Base64(body: Buffer): string {
  return createHash('sha512').update(body).digest('base64');
}

/** A zip with deflated entries (what `dotnet pack` produces for a .nupkg). */
export function zipBuffer(entries: ReadonlyArray<{ name: string; body: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = deflateRawSync(entry.body);
    const crc = crc32(entry.body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.body.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.body.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
}
