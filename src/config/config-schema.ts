import { Type, type Static } from '@sinclair/typebox';

const Fraction = Type.Number({ exclusiveMinimum: 0, maximum: 1 });

export const ConfigSchema = Type.Object(
  {
    server: Type.Object({
      port: Type.Integer({ minimum: 0, maximum: 65535 }),
      host: Type.String({ minLength: 1 }),
      bodyLimitBytes: Type.Integer({ minimum: 1024 }),
      logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    }, { additionalProperties: false }),
    storage: Type.Object({
      databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
      dataDir: Type.String({ minLength: 1 }),
    }, { additionalProperties: false }),
    redis: Type.Object({ url: Type.Optional(Type.String({ pattern: '^rediss?://' })) }, { additionalProperties: false }),
    compute: Type.Object({
      /** Worker threads for risk cycles, Monte Carlo and stress runs; 0 = one per available CPU. */
      workers: Type.Integer({ minimum: 0, maximum: 256 }),
      /** Their scheduling niceness (0–19): above 0 the event loop, and so the pre-trade gate, comes first. */
      workerNiceness: Type.Integer({ minimum: 0, maximum: 19 }),
      /**
       * Scheduling policy of the worker threads (compute workers and the decision recorder): `idle`
       * runs them under Linux SCHED_IDLE, so a waking event loop takes the CPU from them at once
       * (ADR 0005); where that cannot be set, the niceness applies. `normal`: ordinary threads.
       */
      workerPolicy: Type.Union([Type.Literal('idle'), Type.Literal('normal')]),
    }, { additionalProperties: false }),
    auth: Type.Object({
      jwt: Type.Object({
        algorithms: Type.Array(Type.Union(['HS256', 'HS384', 'HS512', 'RS256', 'ES256', 'EdDSA'].map((a) => Type.Literal(a))), { minItems: 1 }),
        issuer: Type.String({ minLength: 1 }),
        audience: Type.String({ minLength: 1 }),
        roleClaim: Type.String({ minLength: 1 }),
        secret: Type.Optional(Type.String({ minLength: 32 })),
        publicKeyPem: Type.Optional(Type.String({ minLength: 1 })),
      }, { additionalProperties: false }),
      apiKeyCacheSeconds: Type.Number({ minimum: 0, maximum: 300 }),
      bootstrapApiKey: Type.Optional(Type.String({ minLength: 24 })),
      rateLimit: Type.Object({
        maxRequestsPerWindow: Type.Integer({ minimum: 1 }),
        windowMs: Type.Integer({ minimum: 100 }),
      }, { additionalProperties: false }),
      metricsRequireAuth: Type.Boolean(),
    }, { additionalProperties: false }),
    risk: Type.Object({
      baseCurrency: Type.String({ pattern: '^[A-Z]{3}$' }),
      limits: Type.Object({
        var95FractionOfNav: Fraction,
        var99FractionOfNav: Fraction,
        maxDrawdownFraction: Fraction,
        volatilityLimitAnnualized: Type.Number({ exclusiveMinimum: 0, maximum: 5 }),
        maxPositionFractionOfNav: Fraction,
        maxSectorExposureFractionOfNav: Fraction,
        maxLeverage: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
      }, { additionalProperties: false }),
      drawdownTierFractions: Type.Array(Fraction, { minItems: 1, maxItems: 10 }),
      monitoring: Type.Object({
        intervalMs: Type.Integer({ minimum: 100 }),
        staleAfterSeconds: Type.Number({ exclusiveMinimum: 0 }),
      }, { additionalProperties: false }),
      historyLookbackDays: Type.Integer({ minimum: 20, maximum: 10000 }),
      minHistoryReturns: Type.Integer({ minimum: 2, maximum: 10000 }),
      confidenceLevels: Type.Array(Type.Number({ exclusiveMinimum: 0.5, exclusiveMaximum: 1 }), { minItems: 1, maxItems: 10 }),
      esConfidenceLevels: Type.Array(Type.Number({ exclusiveMinimum: 0.5, exclusiveMaximum: 1 }), { minItems: 1, maxItems: 10 }),
      riskLevel: Type.Object({
        weights: Type.Record(Type.String(), Type.Number({ minimum: 0 })),
        bands: Type.Record(Type.String(), Type.Tuple([Type.Number({ exclusiveMinimum: 0 }), Type.Number({ exclusiveMinimum: 0 }), Type.Number({ exclusiveMinimum: 0 })])),
        highVolatility: Type.Object({ threshold: Type.Number({ exclusiveMinimum: 0 }), factor: Type.Number({ exclusiveMinimum: 0, maximum: 1 }) }, { additionalProperties: false }),
      }, { additionalProperties: false }),
      liquidity: Type.Object({
        participationRate: Fraction,
        illiquidDays: Type.Number({ exclusiveMinimum: 0 }),
      }, { additionalProperties: false }),
      enforcement: Type.Object({
        instructionTtlMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 10_080 }),
        maxRetryIntervalSeconds: Type.Number({ minimum: 5, maximum: 86_400 }),
        deliveryIntervalSeconds: Type.Number({ minimum: 0.1, maximum: 3600 }),
      }, { additionalProperties: false }),
      preTrade: Type.Object({
        maxQuoteAgeSeconds: Type.Number({ exclusiveMinimum: 0 }),
        maxStateAgeSeconds: Type.Number({ exclusiveMinimum: 0 }),
        deadlineMs: Type.Number({ exclusiveMinimum: 0 }),
        journalMaxBatch: Type.Integer({ minimum: 1, maximum: 10_000 }),
        journalMaxDelayMs: Type.Number({ minimum: 0, maximum: 1000 }),
        journalBackgroundDelayMs: Type.Number({ minimum: 0, maximum: 1000 }),
        journalMaxBacklog: Type.Integer({ minimum: 1000, maximum: 10_000_000 }),
        journalSynchronousCommit: Type.Boolean(),
        journalWriteAhead: Type.Union([Type.Literal('off'), Type.Literal('write'), Type.Literal('fsync')]),
      }, { additionalProperties: false }),
      monteCarlo: Type.Object({
        paths: Type.Integer({ minimum: 100, maximum: 2_000_000 }),
        seed: Type.Integer({ minimum: 0 }),
        distribution: Type.Union([Type.Literal('normal'), Type.Literal('student-t'), Type.Literal('t-copula')]),
        degreesOfFreedom: Type.Number({ exclusiveMinimum: 2, maximum: 1000 }),
      }, { additionalProperties: false }),
    }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
