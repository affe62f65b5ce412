import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractTarGz, safeEntryPath } from '../../../src/core/model/provision/tar-reader.js';
import {
  extractZipEntry,
  findZipEntry,
  readZipDirectory,
} from '../../../src/core/model/provision/zip-reader.js';
import { parseIntegrity, parseSha512 } from '../../../src/core/model/provision/integrity.js';
import { sha512Base64, tarBuffer, tgzOfEntries, writeTree, zipBuffer } from './archives.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'mlgate-archives-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, body: Buffer): string {
  const path = join(work, name);
  writeFileSync(path, body);
  return path;
}

function dest(): string {
  const d = join(work, `out-${Math.random().toString(36).slice(2)}`);
  mkdirSync(d);
  return d;
}

describe('extractTarGz', () => {
  it('unpacks npm layout (package/...) with pax long names and folders', async () => {
    const long = `package/${'deep/'.repeat(30)}file.txt`;
    const tgz = file(
      'a.tgz',
      tgzOfEntries([
        { name: 'package/', body: Buffer.alloc(0), type: '5' },
        { name: 'package/package.json', body: Buffer.from('{"name":"x"}') },
        { name: long, body: Buffer.from('long name') },
        { name: 'package/big.bin', body: Buffer.alloc(70_000, 7) },
      ]),
    );
    const out = dest();
    const result = await extractTarGz(tgz, out);
    expect(result.files).toBe(3);
    expect(readFileSync(join(out, 'package.json'), 'utf8')).toBe('{"name":"x"}');
    expect(readFileSync(join(out, long.slice('package/'.length)), 'utf8')).toBe('long name');
    expect(readFileSync(join(out, 'big.bin')).equals(Buffer.alloc(70_000, 7))).toBe(true);
  });

  it('reads what GNU tar writes (pax format, long paths)', async () => {
    const src = join(work, 'src');
    writeTree(src, {
      'package/package.json': '{"name":"y"}',
      [`package/${'n'.repeat(120)}/z.txt`]: 'z',
    });
    const tgz = join(work, 'gnu.tgz');
    const run = spawnSync('tar', ['--format=pax', '-czf', tgz, '-C', src, 'package']);
    expect(run.status).toBe(0);
    const out = dest();
    await extractTarGz(tgz, out);
    expect(readFileSync(join(out, 'n'.repeat(120), 'z.txt'), 'utf8')).toBe('z');
    expect(readFileSync(join(out, 'package.json'), 'utf8')).toBe('{"name":"y"}');
  });

  it.each(['package/../../evil.txt', '/etc/evil', 'package/a/../../../evil'])(
    'refuses an entry that escapes the destination: %s',
    async (name) => {
      const tgz = file('evil.tgz', tgzOfEntries([{ name, body: Buffer.from('x') }]));
      const out = dest();
      await expect(extractTarGz(tgz, out)).rejects.toThrow(/points outside the destination folder/);
      expect(existsSync(join(work, 'evil.txt'))).toBe(false);
    },
  );

  it('skips symbolic links instead of creating them', async () => {
    const tgz = file(
      'link.tgz',
      tgzOfEntries([
        { name: 'package/link', body: Buffer.alloc(0), type: '2' },
        { name: 'package/a.txt', body: Buffer.from('a') },
      ]),
    );
    const out = dest();
    const result = await extractTarGz(tgz, out);
    expect(readdirSync(out)).toEqual(['a.txt']);
    expect(result.skipped).toEqual(['link (tar type 2)']);
  });

  it('applies the filter: entries it rejects are never written', async () => {
    const tgz = file(
      'f.tgz',
      tgzOfEntries([
        { name: 'package/bin/napi-v6/linux/x64/b.node', body: Buffer.from('1') },
        { name: 'package/bin/napi-v6/win32/x64/b.node', body: Buffer.from('2') },
      ]),
    );
    const out = dest();
    const result = await extractTarGz(tgz, out, { filter: (p) => p.includes('linux') });
    expect(readdirSync(join(out, 'bin', 'napi-v6'))).toEqual(['linux']);
    expect(result.skipped).toEqual(['bin/napi-v6/win32/x64/b.node']);
  });

  it('reports a truncated archive', async () => {
    const whole = tgzOfEntries([{ name: 'package/big.bin', body: Buffer.alloc(50_000, 3) }]);
    const tgz = file('cut.tgz', whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(extractTarGz(tgz, dest())).rejects.toThrow(
      /is not a complete gzipped tar archive: unexpected end of file/,
    );
    // A complete gzip stream whose tar ends inside an entry.
    const tar = tarBuffer([{ name: 'package/big.bin', body: Buffer.alloc(5000, 3) }]);
    const cutTar = file('cut-tar.tgz', gzipSync(tar.subarray(0, 2048)));
    await expect(extractTarGz(cutTar, dest())).rejects.toThrow(
      /truncated: the tar archive ends inside an entry/,
    );
  });

  it('reports a corrupt header checksum', async () => {
    const tar = tarBuffer([{ name: 'package/a.txt', body: Buffer.from('a') }]);
    tar[10] ^= 0xff;
    await expect(extractTarGz(file('bad.tgz', gzipSync(tar)), dest())).rejects.toThrow(/bad checksum/);
  });

  it('safeEntryPath strips the first component and keeps paths inside', () => {
    expect(safeEntryPath('/d', 'package/dist/index.js', 1)).toBe('dist/index.js');
    expect(safeEntryPath('/d', 'package/', 1)).toBeUndefined();
    expect(() => safeEntryPath('/d', 'package/x/../../y', 1)).toThrow();
  });
});

describe('zip reader', () => {
  it('lists and extracts deflated entries, checking CRC-32', async () => {
    const body = Buffer.from('x'.repeat(100_000) + 'end');
    const zip = file(
      'p.nupkg',
      zipBuffer([
        { name: '[Content_Types].xml', body: Buffer.from('<Types/>') },
        { name: 'runtimes/linux-x64/native/libonnxruntime_providers_cuda.so', body },
      ]),
    );
    const entries = readZipDirectory(zip);
    expect(entries.map((e) => e.name)).toEqual([
      '[Content_Types].xml',
      'runtimes/linux-x64/native/libonnxruntime_providers_cuda.so',
    ]);
    const entry = findZipEntry(entries, 'runtimes/linux-x64/native/libonnxruntime_providers_cuda.so')!;
    const out = join(work, 'lib.so');
    await extractZipEntry(zip, entry, out);
    expect(readFileSync(out).equals(body)).toBe(true);
  });

  it('reads what Info-ZIP writes, when zip is installed', async () => {
    const src = join(work, 'zsrc');
    writeTree(src, { 'runtimes/linux-x64/native/a.so': 'A'.repeat(5000) });
    const zipPath = join(work, 'z.zip');
    const run = spawnSync('zip', ['-qr', zipPath, 'runtimes'], { cwd: src });
    // Python's zipfile stands in where the zip command is missing.
    if (run.error) {
      const py = spawnSync('/usr/bin/python3', [
        '-c',
        `import zipfile;z=zipfile.ZipFile(${JSON.stringify(zipPath)},'w',zipfile.ZIP_DEFLATED);z.write(${JSON.stringify(join(src, 'runtimes/linux-x64/native/a.so'))},'runtimes/linux-x64/native/a.so');z.close()`,
      ]);
      expect(py.status).toBe(0);
    }
    const entry = findZipEntry(readZipDirectory(zipPath), 'runtimes/linux-x64/native/a.so')!;
    await extractZipEntry(zipPath, entry, join(work, 'a.so'));
    expect(readFileSync(join(work, 'a.so'), 'utf8')).toBe('A'.repeat(5000));
  });

  it('rejects a corrupt entry and leaves no file', async () => {
    const zipBytes = zipBuffer([{ name: 'a.so', body: Buffer.from('hello world '.repeat(100)) }]);
    zipBytes[40] ^= 0x55;
    const zip = file('bad.zip', zipBytes);
    const entry = readZipDirectory(zip)[0];
    await expect(extractZipEntry(zip, entry, join(work, 'a.so'))).rejects.toThrow(/a\.so/);
    expect(existsSync(join(work, 'a.so'))).toBe(false);
  });

  it('says a truncated zip is not a zip', () => {
    const whole = zipBuffer([{ name: 'a.so', body: Buffer.alloc(1000, 1) }]);
    const zip = file('cut.zip', whole.subarray(0, whole.length - 30));
    expect(() => readZipDirectory(zip)).toThrow(/not a zip file .*truncated/);
  });
});

describe('integrity strings', () => {
  it('parses SRI, base64, hex and sha512- forms of the same SHA-512', () => {
    const body = Buffer.from('abc');
    const b64 = sha512Base64(body);
    const hex = Buffer.from(b64, 'base64').toString('hex');
    expect(parseIntegrity(`sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0= sha512-${b64}`)).toEqual({
      algorithm: 'sha512',
      digest: b64,
    });
    expect(parseSha512(b64).digest).toBe(b64);
    expect(parseSha512(hex).digest).toBe(b64);
    expect(parseSha512(`sha512-${b64}`).digest).toBe(b64);
    expect(() => parseSha512('abc')).toThrow(/not a SHA-512/);
    expect(() => parseIntegrity('md5-xyz')).toThrow(/not an integrity string/);
  });
});
