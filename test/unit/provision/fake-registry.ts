import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ORT_PINS, type OrtPins } from '../../../src/core/model/provision/pins.js';
import { entriesOfFolder, sri, tgzOfEntries, writeTree, type ArchiveEntry } from './archives.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What a route answers: a sequence of responses, the last one repeated. */
export interface RouteResponse {
  status?: number;
  body?: Buffer | string;
  contentType?: string;
  /** Announce the full length but send only this many bytes, then drop the connection. */
  truncateAt?: number;
}

export interface FakeServer {
  url: string;
  requests: string[];
  route(path: string, ...responses: RouteResponse[]): void;
  close(): Promise<void>;
}

/** A registry on 127.0.0.1 (port 0) that records every request; nothing in the tests leaves the machine. */
export async function startFakeServer(): Promise<FakeServer> {
  const routes = new Map<string, { responses: RouteResponse[]; served: number }>();
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    const response = route.responses[Math.min(route.served++, route.responses.length - 1)];
    const body = Buffer.from(response.body ?? '');
    res.writeHead(response.status ?? 200, {
      'content-type': response.contentType ?? 'application/octet-stream',
      'content-length': String(body.length),
    });
    if (response.truncateAt !== undefined) {
      res.write(body.subarray(0, response.truncateAt), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, ...responses) => routes.set(path, { responses, served: 0 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const PLATFORMS = ['linux/x64', 'linux/arm64', 'darwin/arm64', 'win32/x64'];

/**
 * A small stand-in for onnxruntime-node 1.30.0: the real package is 288 MB. Its dist/index.js
 * requires onnxruntime-common (the real one, served from the fake registry) and reads its binding
 * file, as the real dist/binding.js would load it.
 */
export function fakeOrtNodeEntries(version = ORT_PINS.version): ArchiveEntry[] {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-fake-ort-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'onnxruntime-node', version, main: 'dist/index.js' }),
    'dist/index.js': [
      "'use strict';",
      "const common = require('onnxruntime-common');",
      "const { readFileSync } = require('node:fs');",
      "const { join } = require('node:path');",
      "const binding = readFileSync(join(__dirname, '..', 'bin', 'napi-v6', process.platform, process.arch, 'onnxruntime_binding.node'), 'utf8');",
      'module.exports = { fake: true, binding, Tensor: common.Tensor, env: common.env };',
    ].join('\n'),
  };
  for (const p of PLATFORMS) {
    files[`bin/napi-v6/${p}/onnxruntime_binding.node`] = `fake binding for ${p}`;
    files[`bin/napi-v6/${p}/libonnxruntime.so.1`] = `fake library for ${p}`;
  }
  writeTree(dir, files);
  try {
    return entriesOfFolder(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FakePackages {
  nodeTgz: Buffer;
  commonTgz: Buffer;
  pins: OrtPins;
}

/** Builds both tarballs and the pins that match them. */
export function fakePackages(): FakePackages {
  const nodeTgz = tgzOfEntries(fakeOrtNodeEntries());
  const commonTgz = tgzOfEntries(entriesOfFolder(join(repoRoot, 'node_modules', 'onnxruntime-common')));
  return {
    nodeTgz,
    commonTgz,
    pins: {
      ...ORT_PINS,
      node: { ...ORT_PINS.node, integrity: sri(nodeTgz) },
      common: { ...ORT_PINS.common, integrity: sri(commonTgz) },
    },
  };
}

export function serveTarballs(server: FakeServer, packages: FakePackages): void {
  server.route(`/${packages.pins.node.tarballPath}`, { body: packages.nodeTgz });
  server.route(`/${packages.pins.common.tarballPath}`, { body: packages.commonTgz });
}
