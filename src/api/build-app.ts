import { firstUnsafeValue } from './http/unsafe-value.ts';
import { requestLogView } from './http/request-log-view.ts';
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { Registry } from 'prom-client';
import type { ApiKeyCodec, Authenticator, ReplayDataSource } from '../app/ports.ts';
import type { RiskCycleComputer } from '../app/risk/compute-cycle.ts';
import type { MonteCarloEngine, RiskSettings } from '../app/risk/risk-engine-types.ts';
import type { LimitSettings } from '../app/risk/what-if.ts';
import type { PreTradeGate } from '../app/pre-trade/pre-trade-gate.ts';
import type { TradingStateListener } from '../app/limits/trading-state.ts';
import type { UseCaseDeps } from '../app/use-case-deps.ts';
import { ApiError, errorBody, handleError } from './errors.ts';
import { authPlugin } from './http/auth-plugin.ts';
import { metricsPlugin } from './http/metrics-plugin.ts';
import { adminRoutes } from './http/routes/admin-routes.ts';
import { analyticsRoutes } from './http/routes/analytics-routes.ts';
import { inlineOptionAnalytics, type OptionAnalyticsEngine } from '../app/analytics/option-analytics-engine.ts';
import { limitRoutes } from './http/routes/limit-routes.ts';
import { marketDataRoutes } from './http/routes/market-data-routes.ts';
import { portfolioRoutes } from './http/routes/portfolio-routes.ts';
import { riskRoutes } from './http/routes/risk-routes.ts';
import { stressRoutes } from './http/routes/stress-routes.ts';
import { preTradeRoutes } from './http/routes/pre-trade-routes.ts';
import { RiskStreamHub } from './ws/risk-stream-hub.ts';
import { streamRoute } from './ws/stream-route.ts';
import { systemRoutes, type SystemInfo } from './http/routes/system-routes.ts';

export const API_PREFIX = '/api/v1';

export interface AppDeps extends UseCaseDeps {
  readonly authenticator: Authenticator;
  readonly codec: ApiKeyCodec;
  readonly info: SystemInfo;
  readonly settings: {
    readonly baseCurrency: string;
    readonly bodyLimitBytes: number;
    readonly rateLimit: { readonly max: number; readonly windowMs: number };
    readonly metricsRequireAuth: boolean;
  };
  readonly risk: RiskSettings;
  readonly limits: LimitSettings;
  readonly monteCarlo: MonteCarloEngine;
  /** Where the analytics routes price options (the worker pool in production); default this thread. */
  readonly optionAnalytics?: OptionAnalyticsEngine;
  /** Where risk reports are computed (a worker thread in production); default this thread. */
  readonly computer?: RiskCycleComputer;
  /** Daily closes shipped with the service, for day-by-day historical replays. */
  readonly replayData: ReplayDataSource;
  /** Fan-out of live risk reports to WebSocket subscribers. */
  readonly hub: RiskStreamHub;
  /** The in-memory pre-trade gate (decisions without a database round trip). */
  readonly gate: PreTradeGate;
  /** Told of every committed trading-state change (kill switch), so the gate applies it at once. */
  readonly onTradingStateChange?: TradingStateListener;
  /** How often an open WebSocket stream's credential is checked again (default STREAM_REAUTH_MS). */
  readonly streamReauthMs?: number;
  /** Asked for a prompt recalculation after writes that move risk (positions, market data). */
  readonly recalc?: { markDirty(portfolioId?: string): void };
  readonly logger?: FastifyServerOptions['logger'];
  readonly metricsRegistry?: Registry;
}

/** A request with more values than this is told its first problem only (validating all of a huge bad body costs seconds). */
const DETAILED_VALIDATION_MAX_VALUES = 5_000;

/** Whether a parsed value holds at most `limit` values (objects, arrays and scalars), walking no further than that. */
function valuesAtMost(data: unknown, limit: number): boolean {
  let left = limit;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    if (--left < 0) return false;
    const v = stack.pop();
    if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  return true;
}

/**
 * Body validation is strict (no type coercion); query strings and path params coerce "5" to 5.
 * Two Ajv validators per schema: one that stops at the first problem decides (a valid request pays
 * for nothing more), then, for a request that is not valid and not huge, one that lists every
 * problem (capped in the response by errorBody).
 */
function validatorCompilers() {
  const make = (coerceTypes: boolean | 'array', allErrors: boolean) => {
    const ajv = new Ajv.default({ allErrors, coerceTypes, useDefaults: true, removeAdditional: false, strict: false });
    addFormats.default(ajv);
    return ajv;
  };
  const body = { first: make(false, false), all: make(false, true) };
  const other = { first: make('array', false), all: make('array', true) };
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) => {
    const ajv = httpPart === 'body' ? body : other;
    const first = ajv.first.compile(schema);
    let all: Ajv.ValidateFunction | undefined;
    const validate = (data: unknown): boolean => {
      if (first(data)) return true;
      if (valuesAtMost(data, DETAILED_VALIDATION_MAX_VALUES)) {
        all ??= ajv.all.compile(schema);
        all(data);
        validate.errors = all.errors ?? first.errors ?? null;
      } else validate.errors = first.errors ?? null;
      return false;
    };
    validate.errors = null as Ajv.ErrorObject[] | null;
    return validate;
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Request ids the service makes itself: this process's random prefix and a counter, unique per
 * process and across restarts and instances, and several times cheaper than a random UUID per
 * request in the order path.
 */
const REQUEST_ID_PREFIX = randomUUID().slice(0, 8);
let requestCount = 0;
const nextRequestId = (): string => `${REQUEST_ID_PREFIX}-${(++requestCount).toString(36)}`;

/** The INVALID_INPUT error for the first value no route may take in one part of a request, or null. */
function unsafeIn(where: '' | 'querystring' | 'params', value: unknown): ApiError | null {
  const bad = firstUnsafeValue(value);
  if (bad === null) return null;
  const path = where === '' ? bad.path : `${where}${bad.path === '/' ? '' : bad.path}`;
  return new ApiError('INVALID_INPUT', '1 problem in the request; nothing was written', [{ path, message: bad.message }]);
}

/** Builds the whole HTTP app without listening: tests call `app.inject()`, main calls `listen()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // requests are logged with any credential in the URL masked
    logger: deps.logger === undefined || typeof deps.logger === 'boolean' ? (deps.logger ?? false) : { ...deps.logger, serializers: { ...deps.logger.serializers, req: requestLogView } },
    bodyLimit: deps.settings.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : nextRequestId();
    },
    // errors of the router itself (a URL that does not decode) in the service's error shape
    frameworkErrors: (error, _req, reply: FastifyReply) => { void reply.code(400).send(errorBody('INVALID_INPUT', `malformed request: ${error.message}`)); },
  });
  app.setValidatorCompiler(validatorCompilers());
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`)));
  // Hooks on every request are callback-style: cheaper than async ones in the order path.
  app.addHook('onSend', (req, reply, payload, done) => { void reply.header('x-request-id', req.id); done(null, payload); });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Before schema validation: values no route may take (Infinity from "1e400", NUL, unpaired surrogates).
  app.addHook('preValidation', (req, _reply, done) => {
    // three calls rather than a loop over a list of parts: nothing allocated for a valid request
    const problem = unsafeIn('', req.body) ?? unsafeIn('querystring', req.query) ?? unsafeIn('params', req.params);
    if (problem !== null) { done(problem); return; }
    done();
  });

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
    // An /api route without query parameters refuses any (a misspelt or unsupported one, such as
    // a valuationDate where none is taken, would otherwise be ignored without a word).
    if (route.url.startsWith(API_PREFIX) && route.schema?.querystring === undefined) {
      const token = route.config?.allowQueryToken === true ? { access_token: { type: 'string' } } : {};
      route.schema = { ...(route.schema ?? {}), querystring: { type: 'object', properties: token, additionalProperties: false } };
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Options risk service', version: deps.info.version, description: 'Real-time risk management for algorithmic options trading. Every /api route needs `Authorization: Bearer <API key or JWT>`. Risk numbers follow docs/conventions (positive losses, fractions of NAV, Greeks per unit).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key (rk_...) or JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });

  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(authPlugin, { authenticator: deps.authenticator });
  if (deps.recalc !== undefined) {
    const recalc = deps.recalc;
    app.addHook('onResponse', (req, reply, done) => {
      if (req.method !== 'GET' && reply.statusCode < 300) {
        const url = req.routeOptions.url ?? '';
        if (url.startsWith(`${API_PREFIX}/market-data/`)) recalc.markDirty();
        else if (url.startsWith(`${API_PREFIX}/portfolios/:portfolioId`) || url.startsWith(`${API_PREFIX}/limits/:portfolioId`)) recalc.markDirty((req.params as { portfolioId: string }).portfolioId);
        else if (url === `${API_PREFIX}/portfolios`) recalc.markDirty();
      }
      done();
    });
  }
  await app.register(rateLimit, {
    global: true,
    // counted as soon as the caller is known (after authentication), so requests that fail
    // validation count too
    hook: 'onRequest',
    max: deps.settings.rateLimit.max,
    timeWindow: deps.settings.rateLimit.windowMs,
    keyGenerator: (req) => req.principal?.id ?? req.ip,
    allowList: (req) => req.routeOptions.config.public === true,
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, ...errorBody('RATE_LIMITED', `rate limit of ${ctx.max} requests per ${ctx.after} exceeded; retry later`) }),
  });
  await app.register(metricsPlugin, { registry: deps.metricsRegistry ?? new Registry(), requireAuth: deps.settings.metricsRequireAuth });

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(systemRoutes, { ...deps, apiPrefix: API_PREFIX });
  await app.register(async (api) => {
    await portfolioRoutes(api, { ...deps, baseCurrency: deps.settings.baseCurrency, defaultLimits: deps.limits });
    await marketDataRoutes(api, deps);
    await adminRoutes(api, deps);
    await analyticsRoutes(api, { optionAnalytics: deps.optionAnalytics ?? inlineOptionAnalytics });
    await riskRoutes(api, deps);
    await preTradeRoutes(api, { gate: deps.gate, storage: deps.storage, newId: () => deps.ids.newId('sig') });
    // a write to a portfolio's limits or overrides: the gate rejects its orders (LIMITS_RELOADING)
    // until a state built from the new limits arrives, rather than judge them by the old ones
    await api.register(async (scope) => {
      scope.addHook('onSend', async (req, reply) => {
        if (req.method !== 'GET' && reply.statusCode < 300 && (req.routeOptions.url ?? '').startsWith(`${API_PREFIX}/limits/:portfolioId`)) {
          deps.gate.limitsChanged((req.params as { portfolioId: string }).portfolioId);
        }
      });
      await limitRoutes(scope, deps);
    });
    await stressRoutes(api, deps);
    await streamRoute(api, { hub: deps.hub, storage: deps.storage, authenticator: deps.authenticator, ...(deps.streamReauthMs === undefined ? {} : { reauthMs: deps.streamReauthMs }) });
  }, { prefix: API_PREFIX });
  return app;
}
