import type { Severity } from '../config/types.js';
import type { Violation, ViolationCount } from './result.js';

/** A bucket as exported across threads: `order[k]` is the listing position of `listed[k]`. */
export interface ExportedBucket extends Bucket {
  order: number[];
}

/** The tally of one (rule, column, severity); hot loops keep a handle to it (see `bucket`). */
export interface Bucket {
  rule: string;
  column: string | null;
  severity: Severity;
  count: number;
  listed: Violation[];
}

/**
 * Keeps the first `maxPerKey` violations of each (rule, column, severity) and counts all of them exactly.
 * Callers ask `admit()` first and only build a message when it returns true, so a file with a million bad
 * rows costs a counter increment per violation beyond the cap.
 */
export class ViolationCollector {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perFile = new Map<string, number>();
  /** Listing order, so violations of one row keep ajv's order after sorting by file and row. */
  private readonly sequence = new Map<Violation, number>();

  constructor(readonly maxPerKey: number) {}

  /** Counts one violation of `file`; true when it will be listed (then call `list`). */
  admit(rule: string, column: string | null, severity: Severity, file: string): boolean {
    this.countFile(file, 1);
    const bucket = this.bucket(rule, column, severity);
    bucket.count++;
    return bucket.count <= this.maxPerKey;
  }

  /** Adds to a file's exact total; callers of `admitIn` report their file's count this way. */
  countFile(file: string, n: number): void {
    this.perFile.set(file, (this.perFile.get(file) ?? 0) + n);
  }

  fileCount(file: string): number {
    return this.perFile.get(file) ?? 0;
  }

  /** Counts one violation in a bucket the caller holds (its file counted by `countFile`); true when listed. */
  admitIn(bucket: Bucket): boolean {
    return ++bucket.count <= this.maxPerKey;
  }

  /** Lists a violation that `admit` accepted. */
  list(violation: Violation): void {
    this.sequence.set(violation, this.sequence.size);
    this.bucket(violation.rule, violation.column, violation.severity).listed.push(violation);
  }

  /** admit + list, for callers whose violation is cheap to build. */
  add(violation: Violation): void {
    if (this.admit(violation.rule, violation.column, violation.severity, violation.file))
      this.list(violation);
  }

  /** The tallies as plain data, to cross a thread boundary (see parallel/), with the listing order. */
  exportBuckets(): ExportedBucket[] {
    return [...this.buckets.values()].map((b) => ({
      ...b,
      order: b.listed.map((v) => this.sequence.get(v) ?? 0),
    }));
  }

  /**
   * Folds tallies exported by a collector that read a later part of `file`, whose row and line numbers
   * restarted: they are shifted by the rows and lines that came before. Call in reading order, so the
   * cap keeps the earliest violations.
   */
  absorb(
    buckets: readonly ExportedBucket[],
    file: string,
    fileCount: number,
    rowOffset: number,
    lineOffset: number,
  ): void {
    this.countFile(file, fileCount);
    const admitted: Array<{ bucket: Bucket; violation: Violation; order: number }> = [];
    for (const source of buckets) {
      const bucket = this.bucket(source.rule, source.column, source.severity);
      bucket.count += source.count;
      const room = Math.max(0, this.maxPerKey - bucket.listed.length);
      source.listed.slice(0, room).forEach((violation, k) => {
        const shifted = {
          ...violation,
          row: violation.row === null ? null : violation.row + rowOffset,
          line: violation.line === null ? null : violation.line + lineOffset,
        };
        admitted.push({ bucket, violation: shifted, order: source.order[k] });
      });
    }
    // In the order the other collector listed them, so one row's violations keep ajv's order.
    admitted.sort((a, b) => a.order - b.order);
    for (const { bucket, violation } of admitted) {
      this.sequence.set(violation, this.sequence.size);
      bucket.listed.push(violation);
    }
  }

  /** Folds another collector's counts and listed violations into this one (still capped). */
  merge(other: ViolationCollector): void {
    for (const [file, n] of other.perFile) this.countFile(file, n);
    for (const source of other.buckets.values()) {
      const bucket = this.bucket(source.rule, source.column, source.severity);
      bucket.count += source.count;
      const room = this.maxPerKey - bucket.listed.length;
      for (const violation of source.listed.slice(0, Math.max(0, room))) {
        this.sequence.set(violation, this.sequence.size);
        bucket.listed.push(violation);
      }
    }
  }

  get total(): number {
    let total = 0;
    for (const bucket of this.buckets.values()) total += bucket.count;
    return total;
  }

  countBySeverity(severity: Severity): number {
    let total = 0;
    for (const bucket of this.buckets.values()) if (bucket.severity === severity) total += bucket.count;
    return total;
  }

  /** Counts sorted by severity (errors first) then by count, largest first. */
  counts(): ViolationCount[] {
    return [...this.buckets.values()]
      .filter((b) => b.count > 0)
      .map((b) => ({
        rule: b.rule,
        column: b.column,
        severity: b.severity,
        count: b.count,
        listed: b.listed.length,
      }))
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.count - a.count);
  }

  /** Listed violations in file order (as given), then row order. */
  violations(fileOrder: readonly string[]): Violation[] {
    const rank = new Map(fileOrder.map((path, i) => [path, i]));
    const all = [...this.buckets.values()].flatMap((b) => b.listed);
    const order = (v: Violation) => this.sequence.get(v) ?? 0;
    return all.sort(
      (a, b) =>
        (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0) ||
        (a.row ?? 0) - (b.row ?? 0) ||
        order(a) - order(b),
    );
  }

  bucket(rule: string, column: string | null, severity: Severity): Bucket {
    const key = `${rule}\u0001${severity}\u0001${column ?? '\u0000'}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { rule, column, severity, count: 0, listed: [] };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

function severityRank(severity: Severity): number {
  return severity === 'error' ? 0 : 1;
}
