import { decodeAscii } from './decode.js';

const SLOTS = 4096;
const MAX_LENGTH = 16;
/** Lookups before the cache judges whether it pays; below half hits it switches itself off. */
const TRIAL = 8192;

/**
 * Short ASCII cells of a string column, decoded once: categorical columns repeat a few values millions of
 * times, and returning the same string skips an allocation per cell. A direct-mapped table, so a miss costs
 * a hash and a copy; a column with mostly distinct values turns the cache off after a trial.
 */
export class StringCache {
  private readonly bytes = new Uint8Array(SLOTS * MAX_LENGTH);
  private readonly lengths = new Uint8Array(SLOTS);
  private readonly strings: string[] = new Array<string>(SLOTS).fill('');
  private lookups = 0;
  private hits = 0;
  private enabled = true;

  /** The string of the ASCII bytes `buf[start, end)`, whose FNV-style hash the caller computed while scanning. */
  get(buf: Uint8Array, start: number, end: number, hash: number): string {
    const length = end - start;
    if (!this.enabled || length > MAX_LENGTH) return decodeAscii(buf, start, end);
    if (++this.lookups === TRIAL) this.enabled = this.hits >= TRIAL / 2;
    const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
    const base = slot * MAX_LENGTH;
    const bytes = this.bytes;
    if (this.lengths[slot] === length) {
      let i = 0;
      while (i < length && bytes[base + i] === buf[start + i]) i++;
      if (i === length) {
        this.hits++;
        return this.strings[slot];
      }
    }
    const text = decodeAscii(buf, start, end);
    for (let i = 0; i < length; i++) bytes[base + i] = buf[start + i];
    this.lengths[slot] = length;
    this.strings[slot] = text;
    return text;
  }
}
