import '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Authenticator, Storage } from '../../app/ports.ts';
import { bearerOf } from '../http/auth-plugin.ts';
import type { RiskStreamHub, StreamClient } from './risk-stream-hub.ts';

const MAX_SUBSCRIPTIONS = 100;
/** How often an open stream's credential is checked again (a revoked key or an expired token closes it). */
export const STREAM_REAUTH_MS = 5_000;
/** WebSocket close code for a policy violation (RFC 6455). */
const POLICY_VIOLATION = 1008;

/**
 * GET /api/v1/stream (WebSocket). Authenticated like every /api route: `Authorization: Bearer`
 * or, for browsers, `?access_token=`. Client messages: {type:"subscribe"|"unsubscribe", portfolioId}.
 * Server messages: {type:"subscribed", portfolioId}, {type:"risk-report", portfolioId, report},
 * {type:"error", code, message}. On subscribe the latest stored report is sent at once. The
 * credential is checked again every STREAM_REAUTH_MS: when the key is revoked or the token has
 * expired, the stream closes with 1008.
 */
export async function streamRoute(app: FastifyInstance, deps: { hub: RiskStreamHub; storage: Storage; authenticator: Authenticator; reauthMs?: number }): Promise<void> {
  app.get('/stream', { websocket: true, config: { minRole: 'viewer', allowQueryToken: true }, schema: { tags: ['stream'], summary: 'WebSocket: live risk reports per portfolio (subscribe/unsubscribe messages)' } }, (socket, req) => {
    const subscribed = new Set<string>();
    const bearer = bearerOf(req);
    const recheck = setInterval(() => {
      if (bearer === undefined) { socket.close(POLICY_VIOLATION, 'not authenticated'); return; }
      deps.authenticator.authenticate(bearer).then((r) => { if (!r.ok) socket.close(POLICY_VIOLATION, 'credential revoked or expired'); }, () => { /* storage down: checked again next time */ });
    }, deps.reauthMs ?? STREAM_REAUTH_MS);
    recheck.unref();
    const client: StreamClient = { send: (t) => socket.send(t), isOpen: () => socket.readyState === socket.OPEN };
    const reply = (m: unknown) => { if (client.isOpen()) socket.send(JSON.stringify(m)); };
    socket.on('message', (raw: Buffer) => {
      void (async () => {
        let msg: { type?: unknown; portfolioId?: unknown } | null;
        try { msg = JSON.parse(raw.toString()) as typeof msg; } catch { reply({ type: 'error', code: 'INVALID_INPUT', message: 'messages are JSON' }); return; }
        const id = msg !== null && typeof msg === 'object' ? msg.portfolioId : undefined;
        if (msg === null || typeof id !== 'string' || (msg.type !== 'subscribe' && msg.type !== 'unsubscribe')) {
          reply({ type: 'error', code: 'INVALID_INPUT', message: 'send {"type":"subscribe"|"unsubscribe","portfolioId":"..."}' });
          return;
        }
        if (msg.type === 'unsubscribe') { deps.hub.unsubscribe(id, client); subscribed.delete(id); reply({ type: 'unsubscribed', portfolioId: id }); return; }
        if (subscribed.size >= MAX_SUBSCRIPTIONS) { reply({ type: 'error', code: 'TOO_MANY_SUBSCRIPTIONS', message: `at most ${MAX_SUBSCRIPTIONS}` }); return; }
        if ((await deps.storage.portfolios.get(id)) === undefined) { reply({ type: 'error', code: 'PORTFOLIO_NOT_FOUND', message: `portfolio "${id}" does not exist` }); return; }
        deps.hub.subscribe(id, client);
        subscribed.add(id);
        reply({ type: 'subscribed', portfolioId: id });
        const latest = await deps.storage.riskReports.latest(id);
        if (latest !== undefined) reply({ type: 'risk-report', portfolioId: id, report: latest.report });
      })().catch(() => reply({ type: 'error', code: 'INTERNAL_ERROR', message: 'internal error' }));
    });
    socket.on('close', () => { clearInterval(recheck); deps.hub.unsubscribeAll(client); });
  });
}
