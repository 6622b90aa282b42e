import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedDatabaseDir } from './sql-database.ts';

describe('embeddedDatabaseDir', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  const temp = () => { const d = mkdtempSync(join(tmpdir(), 'risk-datadir-')); dirs.push(d); return d; };

  it('keeps the embedded database in a subdirectory of the data directory', () => {
    const d = temp();
    expect(embeddedDatabaseDir(d)).toBe(join(d, 'pglite'));
  });

  it('still opens a database an earlier version created in the data directory itself', () => {
    const d = temp();
    writeFileSync(join(d, 'PG_VERSION'), '17\n');
    expect(embeddedDatabaseDir(d)).toBe(d);
  });
});
