import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoopCExecutable, runOpenLoopC } from '../../bench/open-loop-c-runner.ts';

/**
 * The benchmark's C open-loop generator against a local server: every request sent once at the
 * rate, each body as given, answers counted by decision and status, latencies plausible.
 */
const exe = openLoopCExecutable();

describe.skipIf(exe === null)('open-loop C load generator (bench)', () => {
  let server: Server;
  let port = 0;
  const seen: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'open-loop-c-test-'));

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        seen.push(`${req.headers.authorization ?? ''} ${body}`);
        const n = Number(/"n":(\d+)/.exec(body)?.[1]);
        // every 10th order is refused with a 503; of the rest, odd ones are rejections
        const status = n % 10 === 9 ? 503 : 200;
        const text = JSON.stringify({ decision: n % 2 === 0 ? 'approve' : 'reject', latencyMicros: 250 });
        setTimeout(() => { res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }); res.end(text); }, 2);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each body once at the rate and counts the answers', async () => {
    let marked = 0;
    const dump = join(dir, 'dump.tsv');
    const r = await runOpenLoopC(exe as string, {
      host: '127.0.0.1', port, path: '/orders', headers: { authorization: 'Bearer t0k3n', 'content-type': 'application/json' },
      rate: 400, durationS: 1, warmupS: 0.25, connections: 8, body: (i) => JSON.stringify({ n: i }), dumpPath: dump, onMeasureStart: () => { marked++; },
    });
    // 100 warm-up requests and 400 measured ones, each body exactly once, with the header
    expect(seen).toHaveLength(500);
    expect(new Set(seen).size).toBe(500);
    expect(seen.every((s) => s.startsWith('Bearer t0k3n {"n":'))).toBe(true);
    expect(marked).toBe(1);
    expect(r.requests).toBe(400);
    expect(r.errors).toBe(0);
    // measured bodies are n = 100..499: 40 of them end in 9 (503), and approvals are the even n
    expect(r.non2xx).toBe(40);
    expect(r.decisions).toEqual({ approve: 200, reject: 200 });
    expect(r.gateLatencyMs.p50).toBeCloseTo(0.25, 6);
    // the server answers after >= 2 ms; one second of sending at 400/s
    expect(r.latencyFromSendMs.p50).toBeGreaterThanOrEqual(2);
    expect(r.latencyFromDueMs.p50).toBeGreaterThanOrEqual(r.latencyFromSendMs.p50 - 0.5);
    expect(r.achievedRate).toBeGreaterThan(300);
    expect(JSON.parse(r.sampleBody)).toHaveProperty('decision');
    expect(readFileSync(dump, 'utf8').trim().split('\n')).toHaveLength(400);
  });
});
