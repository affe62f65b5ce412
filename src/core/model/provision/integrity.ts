/** One hash of a Subresource Integrity string (`sha512-<base64>`), the form npm publishes. */
export interface IntegrityHash {
  algorithm: 'sha512' | 'sha384' | 'sha256' | 'sha1';
  /** Base64 digest. */
  digest: string;
}

const ALGORITHMS = ['sha512', 'sha384', 'sha256', 'sha1'] as const;

/** Parses an SRI string; keeps the strongest hash when it lists several (as npm does). */
export function parseIntegrity(integrity: string): IntegrityHash {
  const hashes: IntegrityHash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const match = /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(part);
    if (match) hashes.push({ algorithm: match[1] as IntegrityHash['algorithm'], digest: match[2] });
  }
  if (hashes.length === 0) {
    throw new Error(
      `"${integrity}" is not an integrity string: expected "sha512-<base64 digest>" (Subresource Integrity).`,
    );
  }
  hashes.sort((a, b) => ALGORITHMS.indexOf(a.algorithm) - ALGORITHMS.indexOf(b.algorithm));
  return hashes[0];
}

/** A SHA-512 given as base64 (NuGet's packageHash), an SRI string, or hex, as one SRI hash. */
export function parseSha512(value: string): IntegrityHash {
  const trimmed = value.trim();
  if (trimmed.startsWith('sha512-')) return parseIntegrity(trimmed);
  if (/^[0-9a-fA-F]{128}$/.test(trimmed)) {
    return { algorithm: 'sha512', digest: Buffer.from(trimmed, 'hex').toString('base64') };
  }
  if (/^[A-Za-z0-9+/]{86}==$/.test(trimmed)) return { algorithm: 'sha512', digest: trimmed };
  throw new Error(
    `"${value}" is not a SHA-512: expected 128 hex digits, 88 base64 characters or "sha512-<base64>".`,
  );
}

export function formatIntegrity(hash: IntegrityHash): string {
  return `${hash.algorithm}-${hash.digest}`;
}
