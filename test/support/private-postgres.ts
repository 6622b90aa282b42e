import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away PostgreSQL server of the machine's installation, on its own port and data
 * directory, that a test may stop and start (to see how the service behaves when the database
 * goes away). Needs the server binaries; when run as root, runs them as the `postgres` user.
 */
export interface PrivatePostgres {
  readonly url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const v = readdirSync(base).sort().at(-1);
  return v === undefined ? undefined : join(base, v, 'bin');
}

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

export function privatePostgresAvailable(): boolean {
  const bin = binDir();
  return bin !== undefined && existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'));
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir() as string;
  const dir = mkdtempSync(join(tmpdir(), 'pg-private-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => (asPostgres
    ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
    : execFileSync(join(bin, cmd), args, { stdio: 'pipe' }));
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgctl = (action: 'start' | 'stop') => run('pg_ctl', action === 'start'
    ? ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', '-l', join(dir, 'log'), 'start']
    : ['-D', data, '-m', 'fast', '-w', 'stop']);
  pgctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => pgctl('stop'),
    start: () => pgctl('start'),
    destroy: () => { try { pgctl('stop'); } catch { /* already stopped */ } rmSync(dir, { recursive: true, force: true }); },
  };
}
