import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileDecisionLog } from './file-decision-log.ts';

const dir = mkdtempSync(join(tmpdir(), 'wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file write-ahead log', () => {
  it('appends batches as lines, reads them back after a reopen, drops a torn last line, and truncates', () => {
    const path = join(dir, 'nested', 'journal.log');
    const a = new FileDecisionLog(path, true);
    a.append(['{"a":1}', '{"b":"x\\ny"}']);
    a.append(['{"c":3}']);
    a.close();
    appendFileSync(a.files().at(-1) as string, '{"torn":'); // a crash in the middle of a write
    const b = new FileDecisionLog(path, false);
    expect(b.readPending()).toEqual(['{"a":1}', '{"b":"x\\ny"}', '{"c":3}']);
    b.clear();
    expect(b.files().map((f) => readFileSync(f, 'utf8'))).toEqual(['']);
    b.append(['{"d":4}']);
    expect(b.readPending()).toEqual(['{"d":4}']);
    b.close();
  });

  it('keeps every character of a line (multi-byte text, long lines) byte for byte', () => {
    const log = new FileDecisionLog(join(dir, 'utf8', 'journal.log'), false);
    const lines = ['{"actor":"key:é ∑ 🚀 日本"}', `{"pad":"${'x'.repeat(10_000)}"}`, '{"z":"\\u0000 quoted \\" back\\\\slash"}'];
    log.append(lines);
    log.append(['{"after":"ü"}']);
    expect(log.readPending()).toEqual([...lines, '{"after":"ü"}']);
    expect(readFileSync(log.files().at(-1) as string, 'utf8')).toBe(`${lines.join('\n')}\n{"after":"ü"}\n`);
    log.close();
  });

  it('starts a new segment past the size limit and deletes a closed segment once all its lines are released', () => {
    const path = join(dir, 'segments', 'journal.log');
    const log = new FileDecisionLog(path, false, 64);
    const first = log.append(['x'.repeat(70)]); // past 64 bytes: the next append starts a new segment
    const second = log.append(['{"n":2}', '{"n":3}']);
    expect(second).toBe(first + 1);
    expect(log.files()).toHaveLength(2);
    log.release(second, 2); // the active segment, all released: truncated, kept
    expect(log.readPending()).toEqual(['x'.repeat(70)]);
    log.release(first, 1); // a closed segment, all released: deleted
    expect(log.files()).toHaveLength(1);
    expect(log.readPending()).toEqual([]);
    log.close();
  });

  it('reads the single file of an earlier version before its segments, and clear removes it', () => {
    const path = join(dir, 'legacy', 'journal.log');
    const log = new FileDecisionLog(path, false);
    appendFileSync(path, '{"old":1}\n');
    log.append(['{"new":2}']);
    expect(log.readPending()).toEqual(['{"old":1}', '{"new":2}']);
    log.clear();
    expect(log.readPending()).toEqual([]);
    log.close();
  });
});
