import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Process metrics and an HTTP latency histogram by route and status, served at /metrics. */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: { registry: Registry; requireAuth: boolean }) => {
  collectDefaultMetrics({ register: opts.registry });
  const latency = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status_code'], registers: [opts.registry],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  app.addHook('onResponse', (req, reply, done) => {
    latency.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { config: { public: !opts.requireAuth, minRole: 'viewer' }, schema: { hide: true } }, async (_req, reply) => {
    void reply.header('content-type', opts.registry.contentType);
    return opts.registry.metrics();
  });
}, { name: 'metrics' });
