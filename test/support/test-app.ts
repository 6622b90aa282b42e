import { ShippedReplayData } from '../../src/adapters/files/shipped-replay-data.ts';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { sha256ApiKeyCodec } from '../../src/adapters/auth/api-key-codec.ts';
import { BearerAuthenticator } from '../../src/adapters/auth/bearer-authenticator.ts';
import { createApiKey } from '../../src/app/api-keys/manage-api-keys.ts';
import type { Clock, InstructionDispatcher } from '../../src/app/ports.ts';
import type { UseCaseDeps } from '../../src/app/use-case-deps.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { limitSettingsFrom, riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { inlineMonteCarloEngine } from './inline-monte-carlo-engine.ts';
import { sha256Hex } from '../../src/adapters/postgres/postgres-audit-log.ts';
import { InstructionDelivery } from '../../src/app/limits/instruction-delivery.ts';
import { wirePreTrade } from '../../src/app/pre-trade/wire-pre-trade.ts';
import type { PreTradeGate } from '../../src/app/pre-trade/pre-trade-gate.ts';
import type { Role } from '../../src/core/auth/role.ts';
import { createTestDatabase, systemClock, type TestDatabase } from './test-storage.ts';

export const JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly db: TestDatabase;
  readonly deps: UseCaseDeps;
  readonly preTrade: Awaited<ReturnType<typeof wirePreTrade>>;
  /** Delivery of enforcement instructions to the execution webhooks (kicked by the monitor). */
  readonly delivery: InstructionDelivery;
  readonly gate: PreTradeGate;
  /** A token per role. */
  readonly tokens: Record<Role, string>;
  /** inject with a role's token (default admin). */
  call(opts: InjectOptions & { as?: Role | null }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let counter = 0;
/** The shipped defaults (config/risk-config.yaml), as a test sees them. */
export const TEST_CONFIG = loadConfig({});

export async function createTestApp(opts: { databaseUrl?: string; clock?: Clock; rateLimitMax?: number; recalc?: { markDirty(id?: string): void }; hub?: RiskStreamHub; dispatcher?: InstructionDispatcher; logLines?: string[]; streamReauthMs?: number } = {}): Promise<TestApp> {
  const clock = opts.clock ?? systemClock;
  const db = await createTestDatabase(clock, opts.databaseUrl === undefined ? {} : { databaseUrl: opts.databaseUrl });
  const deps: UseCaseDeps = { storage: db.storage, clock, ids: { newId: (p) => `${p}_${++counter}` } };
  const authenticator = new BearerAuthenticator({
    apiKeys: db.storage.apiKeys, codec: sha256ApiKeyCodec, clock, apiKeyCacheMs: 5000,
    jwt: { algorithms: ['HS256'], issuer: 'options-risk-service', audience: 'options-risk-api', roleClaim: 'role', secret: JWT_SECRET },
  });
  // instruction delivery as main.ts wires it, run when kicked (no interval: tests call runOnce to retry)
  const delivery = new InstructionDelivery({
    ...deps, dispatcher: opts.dispatcher ?? { dispatch: async () => ({ delivered: false, error: 'no active execution webhook' }) },
    ttlMs: TEST_CONFIG.risk.enforcement.instructionTtlMinutes * 60_000, maxRetryIntervalMs: TEST_CONFIG.risk.enforcement.maxRetryIntervalSeconds * 1000, onError: () => {},
  });
  const preTrade = await wirePreTrade({ storage: db.storage, clock, ids: deps.ids, delivery, publisher: opts.hub ?? new RiskStreamHub(), onError: () => {}, sha256Hex, settings: { maxQuoteAgeMs: 60_000, maxStateAgeMs: 60_000, deadlineMs: 50, journalMaxBatch: 256, journalMaxDelayMs: 1, journalBackgroundDelayMs: 1, journalMaxBacklog: 100_000, journalSynchronousCommit: true, journalWriteAhead: 'off' }, lookbackDays: TEST_CONFIG.risk.historyLookbackDays, minReturns: TEST_CONFIG.risk.minHistoryReturns });
  const app = await buildApp({
    gate: preTrade.gate, onTradingStateChange: preTrade.onTradingStateChange, replayData: new ShippedReplayData(),
    ...deps, authenticator, codec: sha256ApiKeyCodec, info: { version: 'test', startedAt: clock.now() },
    settings: { baseCurrency: 'USD', bodyLimitBytes: 1024 * 1024, rateLimit: { max: opts.rateLimitMax ?? 100_000, windowMs: 60_000 }, metricsRequireAuth: true },
    risk: riskSettingsFrom(TEST_CONFIG), limits: limitSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine,
    hub: opts.hub ?? new RiskStreamHub(),
    ...(opts.recalc === undefined ? {} : { recalc: opts.recalc }),
    ...(opts.streamReauthMs === undefined ? {} : { streamReauthMs: opts.streamReauthMs }),
    // with `logLines`, the app logs at info (the shipped default) into that array, one JSON line each
    ...(opts.logLines === undefined ? {} : { logger: { level: 'info', stream: { write: (line: string) => { opts.logLines?.push(line); } } } }),
  });
  const system = { id: 'system:test', role: 'admin' as const, via: 'api-key' as const };
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'trader', 'risk_manager', 'admin'] as const) {
    const r = await createApiKey({ ...deps, codec: sha256ApiKeyCodec }, system, { name: `test ${role}`, role });
    if (!r.ok) throw new Error(r.error.message);
    tokens[role] = r.value.token;
  }
  return {
    app, db, deps, tokens, preTrade, gate: preTrade.gate, delivery,
    call: ({ as = 'admin', headers, ...rest }) => app.inject({
      ...rest, headers: { ...(headers ?? {}), ...(as === null ? {} : { authorization: `Bearer ${tokens[as]}` }) },
    }),
    close: async () => { await app.close(); await delivery.stop(); await preTrade.journal.close(); await db.cleanup(); },
  };
}
