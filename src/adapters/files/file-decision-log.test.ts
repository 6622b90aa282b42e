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
    appendFileSync(path, '{"torn":'); // a crash in the middle of a write
    const b = new FileDecisionLog(path, false);
    expect(b.readPending()).toEqual(['{"a":1}', '{"b":"x\\ny"}', '{"c":3}']);
    b.clear();
    expect(readFileSync(path, 'utf8')).toBe('');
    b.append(['{"d":4}']);
    expect(b.readPending()).toEqual(['{"d":4}']);
    b.close();
  });
});
