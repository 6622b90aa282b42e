import '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Storage } from '../../app/ports.ts';
import type { RiskStreamHub, StreamClient } from './risk-stream-hub.ts';

const MAX_SUBSCRIPTIONS = 100;

/**
 * GET /api/v1/stream (WebSocket). Authenticated like every /api route: `Authorization: Bearer`
 * or, for browsers, `?access_token=`. Client messages: {type:"subscribe"|"unsubscribe", portfolioId}.
 * Server messages: {type:"subscribed", portfolioId}, {type:"risk-report", portfolioId, report},
 * {type:"error", code, message}. On subscribe the latest stored report is sent at once.
 */
export async function streamRoute(app: FastifyInstance, deps: { hub: RiskStreamHub; storage: Storage }): Promise<void> {
  app.get('/stream', { websocket: true, config: { minRole: 'viewer', allowQueryToken: true }, schema: { tags: ['stream'], summary: 'WebSocket: live risk reports per portfolio (subscribe/unsubscribe messages)' } }, (socket) => {
    const subscribed = new Set<string>();
    const client: StreamClient = { send: (t) => socket.send(t), isOpen: () => socket.readyState === socket.OPEN };
    const reply = (m: unknown) => { if (client.isOpen()) socket.send(JSON.stringify(m)); };
    socket.on('message', (raw: Buffer) => {
      void (async () => {
        let msg: { type?: unknown; portfolioId?: unknown };
        try { msg = JSON.parse(raw.toString()) as typeof msg; } catch { reply({ type: 'error', code: 'INVALID_INPUT', message: 'messages are JSON' }); return; }
        const id = msg.portfolioId;
        if (typeof id !== 'string' || (msg.type !== 'subscribe' && msg.type !== 'unsubscribe')) {
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
    socket.on('close', () => deps.hub.unsubscribeAll(client));
  });
}
