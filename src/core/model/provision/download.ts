import { createHash } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { getErrorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { formatIntegrity, type IntegrityHash } from './integrity.js';

/** The part of `fetch` provisioning uses, so tests and proxies can stand in. */
export type FetchLike = (url: string, init?: { headers?: Record<string, string> }) => Promise<Response>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles after each further failure. */
  delayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, delayMs: 1000 };

export interface DownloadContext {
  fetch: FetchLike;
  logger: Logger;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
}

/** A failed download: the message names the URL and what went wrong. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    /** What went wrong, without the URL ("HTTP 503 Service Unavailable"). */
    readonly detail: string,
    readonly url: string,
    readonly retryable: boolean,
  ) {
    super(`Download of ${url} failed: ${detail}`);
  }
}

/** Integrity mismatch: names the URL, the expected and the actual hash. */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Integrity check failed for ${url}: expected ${expected}, got ${actual}. ` +
        'The file was deleted; nothing was extracted. A proxy or mirror may be serving a different file.',
    );
  }
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** Errors that a second try may cure: resets, refused or dropped connections, a body cut short. */
function isRetryableNetworkError(error: unknown): boolean {
  if (error instanceof DownloadError) return error.retryable;
  const text = `${getErrorMessage(error)} ${getErrorMessage((error as { cause?: unknown })?.cause ?? '')}`;
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|socket|terminated|fetch failed|other side closed|premature/i.test(
    text,
  );
}

async function withRetry<T>(ctx: DownloadContext, url: string, attempt: () => Promise<T>): Promise<T> {
  let delay = ctx.retry.delayMs;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= ctx.retry.attempts || !isRetryableNetworkError(error)) {
        if (error instanceof DownloadError || error instanceof IntegrityError) throw error;
        throw new DownloadError(getErrorMessage(error), url, false);
      }
      ctx.logger.warning(
        `Download of ${url} failed (attempt ${n} of ${ctx.retry.attempts}): ${error instanceof DownloadError ? error.detail : getErrorMessage(error)}; retrying in ${delay} ms.`,
      );
      await ctx.sleep(delay);
      delay *= 2;
    }
  }
}

async function fetchOk(
  ctx: DownloadContext,
  url: string,
  headers?: Record<string, string>,
): Promise<Response> {
  const response = await ctx.fetch(url, headers ? { headers } : undefined);
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new DownloadError(
      `HTTP ${response.status} ${response.statusText}`.trim(),
      url,
      isRetryableStatus(response.status),
    );
  }
  return response;
}

export interface DownloadedFile {
  path: string;
  bytes: number;
  /** Base64 digest in the algorithm asked for. */
  digest: string;
}

/**
 * Streams `url` into `dest` while hashing it, with bounded retries for 5xx, resets and short bodies.
 * A Content-Length the body does not reach is a truncated download, reported with both byte counts.
 * On failure `dest` is removed.
 */
export async function downloadToFile(
  ctx: DownloadContext,
  url: string,
  dest: string,
  algorithm: IntegrityHash['algorithm'] = 'sha512',
): Promise<DownloadedFile> {
  return withRetry(ctx, url, async () => {
    try {
      const response = await fetchOk(ctx, url);
      if (!response.body) throw new DownloadError('empty response body', url, true);
      const expectedLength = Number(response.headers.get('content-length') ?? NaN);
      const hash = createHash(algorithm);
      const out = createWriteStream(dest);
      let bytes = 0;
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          hash.update(chunk);
          bytes += chunk.byteLength;
          if (!out.write(chunk)) await once(out, 'drain');
        }
      } catch (error) {
        out.destroy();
        // Its file opens asynchronously: wait for the close, so the removal below cannot come first.
        if (!out.closed) await once(out, 'close');
        throw new DownloadError(
          `the body was cut off after ${bytes} bytes` +
            (Number.isFinite(expectedLength) ? ` of ${expectedLength}` : '') +
            ` (${getErrorMessage(error)})`,
          url,
          true,
        );
      }
      out.end();
      await once(out, 'finish');
      if (Number.isFinite(expectedLength) && bytes !== expectedLength) {
        throw new DownloadError(
          `the body is truncated: received ${bytes} bytes, the server announced ${expectedLength}`,
          url,
          true,
        );
      }
      return { path: dest, bytes, digest: hash.digest('base64') };
    } catch (error) {
      rmSync(dest, { force: true });
      throw error;
    }
  });
}

/** Downloads `url` to `dest` and checks it against `expected` before anyone reads it. */
export async function downloadVerified(
  ctx: DownloadContext,
  url: string,
  dest: string,
  expected: IntegrityHash,
): Promise<DownloadedFile> {
  const file = await downloadToFile(ctx, url, dest, expected.algorithm);
  if (file.digest !== expected.digest) {
    rmSync(dest, { force: true });
    throw new IntegrityError(
      url,
      formatIntegrity(expected),
      formatIntegrity({ algorithm: expected.algorithm, digest: file.digest }),
    );
  }
  return file;
}

/** GETs a small JSON document (a NuGet index or registration page) with the same retries. */
export async function fetchJson(ctx: DownloadContext, url: string): Promise<unknown> {
  return withRetry(ctx, url, async () => {
    const response = await fetchOk(ctx, url, { accept: 'application/json' });
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DownloadError(
        `${url} did not return JSON (starts with ${JSON.stringify(text.slice(0, 60))}).`,
        url,
        false,
      );
    }
  });
}
