import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

/** Starts `npm start`'s entry point as a real process on embedded storage and waits for /ready. */
async function startService(dataDir: string, port: number, extraArgs: string[] = []): Promise<{ proc: ChildProcess; output: () => string; stop: () => Promise<number | null> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, RISK_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.RISK_BOOTSTRAP_API_KEY;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...extraArgs], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d) => { out += String(d); });
  proc.stderr?.on('data', (d) => { out += String(d); });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`service exited early (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/ready`);
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`service not ready within 30 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    proc, output: () => out,
    stop: () => new Promise((resolve) => { proc.once('exit', (code) => resolve(code)); proc.kill('SIGTERM'); }),
  };
}

describe('the start command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'risk-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('comes up on embedded storage, prints a working admin key once, loads the demo, and keeps data across a restart', async () => {
    // as in a fresh clone, whose ./data (the default data directory) already holds the fixtures
    mkdirSync(join(dataDir, 'fixtures'));
    writeFileSync(join(dataDir, 'fixtures', 'closes.csv'), 'date,X\n2020-01-02,1\n');
    const port = await freePort();
    const first = await startService(dataDir, port, ['--demo']);
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    const key = /rk_[a-f0-9]{16}_[A-Za-z0-9_-]+/.exec(first.output())?.[0];
    expect(key).toBeDefined();
    const auth = { authorization: `Bearer ${key}` };
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/portfolios`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'kept', name: 'Survives restart' }) });
    expect(created.status).toBe(201);
    const demo = await (await fetch(`http://127.0.0.1:${port}/api/v1/portfolios/demo-dj30/positions`, { headers: auth })).json() as { positions: unknown[] };
    expect(demo.positions.length).toBe(15);
    expect(await first.stop()).toBe(0);

    const second = await startService(dataDir, port);
    expect(second.output()).not.toMatch(/rk_[a-f0-9]{16}_/);
    const kept = await fetch(`http://127.0.0.1:${port}/api/v1/portfolios/kept`, { headers: auth });
    expect(kept.status).toBe(200);
    expect((await kept.json() as { name: string }).name).toBe('Survives restart');
    const status = await (await fetch(`http://127.0.0.1:${port}/api/v1/system/status`, { headers: auth })).json() as { storage: { kind: string } };
    expect(status.storage.kind).toBe('embedded');
    // the running service's metrics include the pre-trade journal (main.ts wires it)
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/^pretrade_journal_healthy 1$/m);
    expect(metrics).toMatch(/^pretrade_journal_backlog_decisions \d+$/m);
    expect(await second.stop()).toBe(0);
  }, 90_000);

  it('stops cleanly (exit 0) when asked to right after it is ready, with its workers still starting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'risk-e2e-stop-'));
    try {
      const service = await startService(dir, await freePort());
      expect(await service.stop(), service.output()).toBe(0);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('refuses to start with a bad configuration and lists every problem', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => { err += String(d); });
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/PORT/);
    expect(err).toMatch(/storage\.databaseUrl/);
    expect(err).toMatch(/server\.logLevel/);
  }, 30_000);
});
