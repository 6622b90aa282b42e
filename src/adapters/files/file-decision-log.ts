import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlink, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DecisionWriteAheadLog } from '../../app/ports.ts';

const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;

interface Segment { readonly number: number; readonly path: string; fd: number | null; bytes: number; written: number; released: number }

/**
 * The pre-trade write-ahead log as numbered segment files `<path>.<n>`: each batch is appended with
 * a single write (and fdatasync when `fsync`). Under a steady load the log is never empty, so it
 * cannot be truncated as a whole: the active segment is closed once it passes `segmentBytes` and a
 * new one started, and a closed segment is deleted when every line in it has been released (is in
 * the database). The active segment is truncated when everything in it is released. A torn last
 * line (a crash in the middle of a write) is dropped on reading: its batch was never acknowledged,
 * because acknowledgement follows the write.
 */
export class FileDecisionLog implements DecisionWriteAheadLog {
  private readonly segments = new Map<number, Segment>();
  /** Released segments whose files are being deleted (off the event loop: freeing 8 MB of a file takes ~1 ms). */
  private readonly deleting = new Set<number>();
  private active: Segment;

  constructor(private readonly path: string, private readonly fsync: boolean, private readonly segmentBytes = DEFAULT_SEGMENT_BYTES) {
    mkdirSync(dirname(path), { recursive: true });
    const last = this.existingSegments().at(-1) ?? 0;
    this.active = this.open(last + 1);
  }

  append(lines: readonly string[]): number {
    if (lines.length === 0) return this.active.number;
    if (this.active.bytes >= this.segmentBytes) this.rotate();
    const seg = this.active;
    // the lines' bytes, each with its newline, in one buffer written at once: no joined copy of
    // the text on the JavaScript heap (the order path writes this for every approval)
    let size = 0;
    for (const line of lines) size += Buffer.byteLength(line) + 1;
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    for (const line of lines) { at += bytes.write(line, at); bytes[at++] = 0x0a; }
    seg.bytes += writeSync(seg.fd as number, bytes, 0, at);
    if (this.fsync) fdatasyncSync(seg.fd as number);
    seg.written += lines.length;
    return seg.number;
  }

  release(segment: number, count: number): void {
    const seg = this.segments.get(segment);
    if (seg === undefined) return;
    seg.released += count;
    if (seg.released < seg.written) return;
    if (seg === this.active) {
      if (seg.bytes > 0) { ftruncateSync(seg.fd as number, 0); seg.bytes = 0; seg.written = 0; seg.released = 0; }
    } else {
      this.segments.delete(segment);
      this.delete(seg);
    }
  }

  clear(): void {
    for (const n of this.existingSegments()) if (n !== this.active.number) unlinkSync(this.segmentPath(n));
    for (const n of [...this.segments.keys()]) if (n !== this.active.number) this.segments.delete(n);
    if (existsSync(this.path)) unlinkSync(this.path); // a single-file log of an earlier version
    ftruncateSync(this.active.fd as number, 0);
    this.active.bytes = 0; this.active.written = 0; this.active.released = 0;
  }

  /** Every line in the log, oldest first (an earlier version's single file, then each segment). */
  readPending(): string[] {
    const files = [...(existsSync(this.path) ? [this.path] : []), ...this.existingSegments().map((n) => this.segmentPath(n))];
    return files.flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.pop(); // '' after the last newline, or a torn last line
      return lines.filter((l) => l !== '');
    });
  }

  close(): void {
    for (const seg of this.segments.values()) if (seg.fd !== null) { closeSync(seg.fd); seg.fd = null; }
  }

  private rotate(): void {
    const old = this.active;
    if (old.fd !== null) { closeSync(old.fd); old.fd = null; }
    this.active = this.open(old.number + 1);
    if (old.released >= old.written) { this.segments.delete(old.number); this.delete(old); }
  }

  private open(number: number): Segment {
    const path = this.segmentPath(number);
    const fd = openSync(path, 'a+');
    const seg: Segment = { number, path, fd, bytes: 0, written: 0, released: 0 };
    this.segments.set(number, seg);
    return seg;
  }

  /**
   * Deletes a released segment's file on libuv's thread pool. Until that is done the log no longer
   * counts it; if the process dies first, the next start replays lines already in the database,
   * which the recorder skips.
   */
  private delete(seg: Segment): void {
    this.deleting.add(seg.number);
    unlink(seg.path, () => { this.deleting.delete(seg.number); });
  }

  private segmentPath(n: number): string { return `${this.path}.${String(n).padStart(8, '0')}`; }

  /** Numbers of the segment files on disk, ascending. */
  private existingSegments(): number[] {
    const prefix = `${basename(this.path)}.`;
    return readdirSync(dirname(this.path))
      .filter((f) => f.startsWith(prefix) && /^\d{8}$/.test(f.slice(prefix.length)))
      .map((f) => Number(f.slice(prefix.length)))
      .filter((n) => !this.deleting.has(n))
      .sort((a, b) => a - b);
  }

  /** For tests and status: the segment files on disk. */
  files(): string[] { return this.existingSegments().map((n) => join(dirname(this.path), basename(this.segmentPath(n)))); }
}
