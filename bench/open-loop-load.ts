/**
 * An open-loop (constant arrival rate) HTTP/1.1 load generator for the pre-trade benchmark.
 *
 * Why not autocannon's `overallRate`: it lets each connection send back-to-back until it has made
 * its share of the second, then pause until the next second, so a "2,000/s" run is a burst at full
 * concurrency followed by silence, and its coordinated-omission correction then adds synthetic
 * samples at 1 ms intervals. That measures queueing inside bursts, not latency at a steady rate.
 *
 * Here request i is due at start + i / rate. A 1 ms timer sends every request that has come due
 * on a free keep-alive connection (one request in flight per connection, raw sockets, no parser
 * library). Two latencies per request:
 * - `fromSend`: from writing the request to the end of the response (what the service took);
 * - `fromDue`: from max(due time, the moment the generator noticed it was due) to the end of the
 *   response, which also counts waiting for a free connection, so a stalled service cannot hide
 *   its stall by holding every connection (coordinated omission); the generator's own timer slack
 *   is not counted.
 */
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

export interface OpenLoopOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Requests per second, spread evenly. */
  readonly rate: number;
  readonly durationS: number;
  readonly connections: number;
  /** The body of request i (each call may build a new one). */
  readonly body: (i: number) => string;
  /** Called with each response's status and body. */
  readonly onResponse?: (status: number, body: string) => void;
  /** Writes one line per answer here: milliseconds from the start to the send, tab, latency from the send (for timelines). */
  readonly dumpPath?: string;
  /**
   * Seconds sent first at the same rate on the same connections and not measured (a warm-up that
   * runs straight into the measured window, so the window starts in the steady state instead of
   * with new connections); `onMeasureStart` is called when the first measured request comes due.
   */
  readonly warmupS?: number;
  readonly onMeasureStart?: () => void;
}

export interface LatencySummaryMs { readonly p50: number; readonly p90: number; readonly p99: number; readonly p999: number; readonly max: number; readonly mean: number }

export interface OpenLoopResult {
  readonly tool: 'open-loop';
  readonly offeredRate: number;
  readonly achievedRate: number;
  readonly connections: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Requests still unanswered when the run ended (counted as errors too). */
  readonly unanswered: number;
  readonly latencyFromSendMs: LatencySummaryMs;
  readonly latencyFromDueMs: LatencySummaryMs;
  /** How late the generator's timer noticed due requests (its own slack, not the service's). */
  readonly schedulerLagMs: LatencySummaryMs;
}

interface Conn { readonly socket: Socket; busy: boolean; buffer: Buffer; startedAt: number; dueAt: number; measured: boolean }

const percentile = (sorted: Float64Array, q: number): number => sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

export function summarise(values: readonly number[]): LatencySummaryMs {
  const s = Float64Array.from(values).sort();
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const mean = s.length === 0 ? Number.NaN : s.reduce((a, b) => a + b, 0) / s.length;
  return { p50: round(percentile(s, 0.5)), p90: round(percentile(s, 0.9)), p99: round(percentile(s, 0.99)), p999: round(percentile(s, 0.999)), max: round(s.length === 0 ? Number.NaN : s[s.length - 1] as number), mean: round(mean) };
}

/** Parses one complete response at the start of `buf`: its status, body and length, or null if incomplete. */
export function parseResponse(buf: Buffer): { status: number; body: string; length: number } | null {
  const headerEnd = buf.indexOf('\r\n\r\n');
  if (headerEnd < 0) return null;
  const head = buf.toString('latin1', 0, headerEnd);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) throw new Error('chunked responses are not supported by this load generator');
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const bodyLength = lengthMatch === null ? 0 : Number(lengthMatch[1]);
  const total = headerEnd + 4 + bodyLength;
  if (buf.length < total) return null;
  return { status, body: buf.toString('utf8', headerEnd + 4, total), length: total };
}

export async function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const now = () => performance.now();
  const fromSend: number[] = [];
  const fromDue: number[] = [];
  const lag: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const headerText = Object.entries({ host: `${o.host}:${o.port}`, connection: 'keep-alive', ...o.headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const request = (body: string) => `POST ${o.path} HTTP/1.1\r\n${headerText}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  const conns: Conn[] = await Promise.all(Array.from({ length: o.connections }, () => new Promise<Conn>((resolve, reject) => {
    const socket = connect({ host: o.host, port: o.port, noDelay: true }, () => resolve(c));
    const c: Conn = { socket, busy: false, buffer: Buffer.alloc(0), startedAt: 0, dueAt: 0, measured: false };
    socket.once('error', reject);
  })));
  const idle: Conn[] = [...conns];
  /** Due times (already adjusted for timer slack) of requests waiting for a free connection. */
  const waiting: Array<{ dueAt: number; measured: boolean }> = [];
  let waitingHead = 0;
  let sent = 0;

  const send = (c: Conn, dueAt: number, measured: boolean) => {
    c.busy = true;
    c.dueAt = dueAt;
    c.measured = measured;
    c.startedAt = now();
    c.socket.write(request(o.body(sent++)));
  };
  const next = (c: Conn) => {
    const w = waitingHead < waiting.length ? waiting[waitingHead++] : undefined;
    if (w !== undefined) send(c, w.dueAt, w.measured);
    else idle.push(c);
  };
  for (const c of conns) {
    c.socket.removeAllListeners('error');
    c.socket.on('error', () => { if (c.busy) { errors++; c.busy = false; } });
    c.socket.on('data', (chunk: Buffer) => {
      c.buffer = c.buffer.length === 0 ? chunk : Buffer.concat([c.buffer, chunk]);
      const r = parseResponse(c.buffer);
      if (r === null) return;
      const end = now();
      c.buffer = c.buffer.subarray(r.length);
      c.busy = false;
      if (c.measured) {
        fromSend.push(end - c.startedAt);
        sentAt?.push(c.startedAt - start);
        fromDue.push(end - c.dueAt);
        if (r.status < 200 || r.status >= 300) non2xx++;
        o.onResponse?.(r.status, r.body);
      }
      next(c);
    });
  }

  const warmup = Math.round(o.rate * (o.warmupS ?? 0));
  const total = warmup + Math.round(o.rate * o.durationS);
  let start = now();
  const origin = start;
  const sentAt: number[] | null = o.dumpPath === undefined ? null : [];
  let scheduled = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const t = now();
      const dueCount = Math.min(total, Math.floor((t - origin) * o.rate / 1000) + 1);
      for (; scheduled < dueCount; scheduled++) {
        const due = origin + scheduled * 1000 / o.rate;
        const measured = scheduled >= warmup;
        if (scheduled === warmup) { start = due; o.onMeasureStart?.(); }
        if (measured) lag.push(t - due);
        const c = idle.pop();
        if (c === undefined) waiting.push({ dueAt: t, measured });
        else send(c, t, measured);
      }
      if (scheduled >= total) { clearInterval(timer); resolve(); }
    };
    const timer = setInterval(tick, 1);
    tick();
  });
  // let the last responses arrive (at most 5 s)
  const drainUntil = now() + 5000;
  while ((conns.some((c) => c.busy) || waitingHead < waiting.length) && now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  const unanswered = conns.filter((c) => c.busy).length + (waiting.length - waitingHead);
  const elapsedS = (now() - start) / 1000;
  for (const c of conns) c.socket.destroy();
  if (o.dumpPath !== undefined && sentAt !== null) writeFileSync(o.dumpPath, sentAt.map((t, i) => `${t.toFixed(3)}\t${(fromSend[i] as number).toFixed(3)}\n`).join(''));
  return {
    tool: 'open-loop', offeredRate: o.rate, achievedRate: Math.round(fromSend.length / Math.max(elapsedS, o.durationS)), connections: o.connections,
    requests: fromSend.length, non2xx, errors: errors + unanswered, unanswered,
    latencyFromSendMs: summarise(fromSend), latencyFromDueMs: summarise(fromDue), schedulerLagMs: summarise(lag),
  };
}
