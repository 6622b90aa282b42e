import { join } from 'node:path';
import { FileDecisionLog } from './adapters/files/file-decision-log.ts';
import { ShippedReplayData } from './adapters/files/shipped-replay-data.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { registerJournalMetrics } from './adapters/metrics/prometheus-journal-metrics.ts';
import { sha256ApiKeyCodec } from './adapters/auth/api-key-codec.ts';
import { BearerAuthenticator } from './adapters/auth/bearer-authenticator.ts';
import { createMonteCarloWorkerPool } from './adapters/compute/run-monte-carlo-var.ts';
import { PrometheusRiskMetrics } from './adapters/metrics/prometheus-risk-metrics.ts';
import { migrate } from './adapters/postgres/migrate.ts';
import { PostgresStorage } from './adapters/postgres/postgres-storage.ts';
import { createWorkerDecisionRecorder } from './adapters/postgres/worker-decision-recorder.ts';
import { randomIds } from './adapters/system/random-ids.ts';
import { systemClock } from './adapters/system/system-clock.ts';
import { openSqlDatabase } from './adapters/postgres/sql-database.ts';
import { ensureBootstrapKey } from './app/api-keys/manage-api-keys.ts';
import { loadDemo } from './app/demo/load-demo.ts';
import type { Clock } from './app/ports.ts';
import { RiskMonitor } from './app/risk/risk-monitor.ts';
import { runRiskCycle } from './app/risk/run-risk-cycle.ts';
import type { UseCaseDeps } from './app/use-case-deps.ts';
import { RiskStreamHub } from './api/ws/risk-stream-hub.ts';
import { limitSettingsFrom, preTradeSettingsFrom, riskSettingsFrom } from './config/settings-from-config.ts';
import { wirePreTrade } from './app/pre-trade/wire-pre-trade.ts';
import { expireOverrides } from './app/limits/expire-overrides.ts';
import { InstructionDelivery } from './app/limits/instruction-delivery.ts';
import { WebhookInstructionDispatcher } from './adapters/http/webhook-instruction-dispatcher.ts';
import { sha256Hex } from './adapters/postgres/postgres-audit-log.ts';
import { buildApp } from './api/build-app.ts';
import { ConfigError, loadConfig } from './config/load-config.ts';

const fromRoot = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) { console.error(e.message); process.exit(2); }
    throw e;
  }
  const version = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
  const clock: Clock = systemClock;
  const database = await openSqlDatabase(config.storage.databaseUrl !== undefined
    ? { kind: 'postgres', url: config.storage.databaseUrl }
    : { kind: 'embedded', dataDir: config.storage.dataDir });
  await migrate(database);
  const storage = new PostgresStorage(database, clock);
  const deps: UseCaseDeps = { storage, clock, ids: randomIds };

  const boot = await ensureBootstrapKey({ ...deps, codec: sha256ApiKeyCodec }, config.auth.bootstrapApiKey);
  if (!boot.ok) { console.error(boot.error.message); process.exit(2); }
  if (boot.value.created && boot.value.generatedToken !== null) {
    // Printed once to the terminal, deliberately not through the logger: it is a secret.
    process.stdout.write(`\n  First start: created an admin API key (shown only now, store it safely):\n\n    ${boot.value.generatedToken}\n\n  Use it as: Authorization: Bearer <key>\n\n`);
  }

  if (process.argv.includes('--demo') || process.env.RISK_DEMO === '1') {
    const demo = await loadDemo(deps, readFileSync(fromRoot('data/fixtures/dowjones30.csv'), 'utf8'));
    if (!demo.ok) { console.error(`demo load failed: ${demo.error.message}`); process.exit(1); }
    process.stdout.write(demo.value.loaded ? `  Demo loaded: portfolio demo-dj30, ${demo.value.positions} positions, ${demo.value.bars} daily closes.\n` : '  Demo skipped: the database already has portfolios.\n');
  }

  const authenticator = new BearerAuthenticator({
    apiKeys: storage.apiKeys, codec: sha256ApiKeyCodec, clock, apiKeyCacheMs: config.auth.apiKeyCacheSeconds * 1000,
    jwt: {
      algorithms: config.auth.jwt.algorithms, issuer: config.auth.jwt.issuer, audience: config.auth.jwt.audience, roleClaim: config.auth.jwt.roleClaim,
      ...(config.auth.jwt.secret === undefined ? {} : { secret: config.auth.jwt.secret }),
      ...(config.auth.jwt.publicKeyPem === undefined ? {} : { publicKeyPem: config.auth.jwt.publicKeyPem }),
    },
  });
  const registry = new Registry();
  const hub = new RiskStreamHub();
  // On a PostgreSQL server, whole risk cycles (reads, computation, writes) run on the compute
  // workers over their own connections, off the event loop that answers orders (ADR 0005).
  const mcPool = createMonteCarloWorkerPool({
    ...(config.compute.workers > 0 ? { size: config.compute.workers } : {}), niceness: config.compute.workerNiceness, policy: config.compute.workerPolicy,
    database: config.storage.databaseUrl === undefined ? null : { kind: 'postgres', url: config.storage.databaseUrl },
  });
  const monteCarlo = { run: mcPool.runMonteCarloVar, runStress: mcPool.runStress };
  const risk = riskSettingsFrom(config);
  const riskMetrics = new PrometheusRiskMetrics(registry);
  let log: { error(o: object, m: string): void; warn(o: object, m: string): void } = { error: (o, m) => console.error(m, o), warn: (o, m) => console.warn(m, o) };
  const monitorRef: { current?: RiskMonitor } = {};
  const preTradeSettings = preTradeSettingsFrom(config);
  const writeAheadLog = preTradeSettings.journalWriteAhead === 'off' ? undefined : new FileDecisionLog(join(config.storage.dataDir, 'pre-trade-journal.log'), preTradeSettings.journalWriteAhead === 'fsync');
  // On a PostgreSQL server, decisions are written from a worker thread with its own connection (ADR 0005).
  const recorder = config.storage.databaseUrl === undefined ? undefined : createWorkerDecisionRecorder({
    database: { kind: 'postgres', url: config.storage.databaseUrl, maxConnections: 1 }, synchronousCommit: preTradeSettings.journalSynchronousCommit,
    // Behind the write-ahead log no approval waits for the recorder, so it may run on what the
    // event loop leaves (its backlog is bounded: journalMaxBacklog); without it approvals wait for it.
    policy: preTradeSettings.journalWriteAhead === 'off' ? 'normal' : config.compute.workerPolicy,
  });
  // Enforcement instructions go to the execution webhooks at least once, with retries (ADR 0005).
  const delivery = new InstructionDelivery({
    ...deps, dispatcher: new WebhookInstructionDispatcher(storage.webhooks, { warn: (o, m) => log.warn(o, m) }),
    ttlMs: config.risk.enforcement.instructionTtlMinutes * 60_000, maxRetryIntervalMs: config.risk.enforcement.maxRetryIntervalSeconds * 1000,
    onError: (err) => log.error({ err }, 'instruction delivery failed'),
  });
  const preTrade = await wirePreTrade({ storage, clock, ids: deps.ids, sha256Hex, ...(writeAheadLog === undefined ? {} : { writeAheadLog }), ...(recorder === undefined ? {} : { recorder: recorder.record }), delivery, publisher: hub, onError: (portfolioId, err) => log.error({ err, portfolioId }, 'limit monitoring failed'), settings: preTradeSettings, lookbackDays: config.risk.historyLookbackDays, minReturns: config.risk.minHistoryReturns, onLimitsLapsed: (id) => monitorRef.current?.markDirty(id) });
  registerJournalMetrics(registry, preTrade.journal);
  const navHistoryIntervalSeconds = 60;
  // a portfolio's full latest report is written at most every 30 s (its compact summary every cycle)
  const latestReportIntervalSeconds = 30;
  const cycleDeps = {
    ...deps, risk, monteCarlo, publisher: hub, metrics: riskMetrics, navHistoryIntervalSeconds, preTrade: preTrade.cycleHooks, computer: mcPool.cycles,
    latestReport: { intervalSeconds: latestReportIntervalSeconds, lastSavedMs: new Map<string, number>() },
    ...(mcPool.storedCycles === null ? {} : { runner: mcPool.storedCycles({ navHistoryIntervalSeconds, latestReportIntervalSeconds, settings: risk }) }),
  };
  const monitor = new RiskMonitor({
    listActivePortfolioIds: async () => {
      const all = await storage.portfolios.list();
      preTrade.gate.setPortfolios(all);
      return all.filter((p) => p.status === 'active').map((p) => p.id);
    },
    runCycle: async (id) => { await runRiskCycle(cycleDeps, id); },
    onError: (portfolioId, err) => log.error({ err, portfolioId }, 'risk cycle failed'),
    intervalMs: config.risk.monitoring.intervalMs, debounceMs: 100,
  });
  monitorRef.current = monitor;
  // Overrides lapse by themselves: mark them expired (audited) and rebuild the gate's limits.
  const overrideSweep = setInterval(() => {
    void expireOverrides(deps).then((r) => { if (r.ok && r.value.length > 0) monitor.markDirty(); }).catch((err: unknown) => log.error({ err }, 'override expiry failed'));
  }, 1000);
  overrideSweep.unref();
  const app = await buildApp({
    ...deps, authenticator, codec: sha256ApiKeyCodec, info: { version, startedAt: clock.now() },
    risk, limits: limitSettingsFrom(config), monteCarlo, hub, recalc: monitor, metricsRegistry: registry, replayData: new ShippedReplayData(), computer: mcPool.cycles, optionAnalytics: mcPool.optionAnalytics,
    gate: preTrade.gate, onTradingStateChange: preTrade.onTradingStateChange,
    settings: {
      baseCurrency: config.risk.baseCurrency, bodyLimitBytes: config.server.bodyLimitBytes,
      rateLimit: { max: config.auth.rateLimit.maxRequestsPerWindow, windowMs: config.auth.rateLimit.windowMs },
      metricsRequireAuth: config.auth.metricsRequireAuth,
    },
    logger: { level: config.server.logLevel, redact: ['req.headers.authorization'] },
  });

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    clearInterval(overrideSweep);
    await monitor.stop();
    await delivery.stop();
    await app.close();
    await preTrade.journal.close();
    await recorder?.close();
    await mcPool.close();
    await storage.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  log = app.log;
  await app.listen({ port: config.server.port, host: config.server.host });
  // A stop during start-up rejects the warm-up's pings (the pool is closed): not an error then.
  mcPool.warmUp().catch((err: unknown) => { if (!closing) app.log.error({ err }, 'compute workers could not start; risk cycles and Monte Carlo retry on their next task'); });
  recorder?.warmUp().catch((err: unknown) => app.log.error({ err }, 'decision recorder could not connect; pre-trade checks fail closed until it can'));
  monitor.start();
  delivery.start(config.risk.enforcement.deliveryIntervalSeconds * 1000);
  app.log.info({ storage: storage.kind, port: config.server.port }, 'options risk service ready');
}

main().catch((e: unknown) => {
  console.error('fatal:', e);
  process.exit(1);
});
