import { closeSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DecisionWriteAheadLog } from '../../app/ports.ts';

/**
 * The pre-trade write-ahead log as one local file: each batch is appended with a single write
 * (and fdatasync when `fsync`), and the file is truncated when the database has everything. A
 * torn last line (a crash in the middle of a write) is dropped on reading: its batch was never
 * acknowledged, because acknowledgement follows the write.
 */
export class FileDecisionLog implements DecisionWriteAheadLog {
  private readonly fd: number;
  private size = 0;

  constructor(private readonly path: string, private readonly fsync: boolean) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a+');
  }

  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    this.size += writeSync(this.fd, text);
    if (this.fsync) fdatasyncSync(this.fd);
  }

  clear(): void {
    if (this.size === 0) return;
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  readPending(): string[] {
    const text = readFileSync(this.path, 'utf8');
    this.size = Buffer.byteLength(text);
    const lines = text.split('\n');
    lines.pop(); // '' after the last newline, or a torn last line
    return lines.filter((l) => l !== '');
  }

  close(): void { closeSync(this.fd); }
}
