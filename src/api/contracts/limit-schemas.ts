import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ENFORCEMENT_ACTIONS, LIMIT_TYPES } from '../../core/limits/limit-definition.ts';
import { Id, IsoTime, Nullable } from './common-schemas.ts';

const literals = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
/** An array in a response, typed readonly so that handlers can return domain objects as they are. */
const ReadonlyArray = <T extends TSchema>(t: T, options?: object) => Type.Unsafe<readonly Static<T>[]>(Type.Array(t, options));

export const LimitType = literals(LIMIT_TYPES);
export const EnforcementAction = literals(ENFORCEMENT_ACTIONS);
export const TradingState = literals(['ACTIVE', 'REDUCE_ONLY', 'HALTED'] as const);

export const LimitScope = Type.Object({
  kind: literals(['portfolio', 'underlying', 'sector', 'strategy', 'symbol'] as const),
  value: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'the underlying, sector, strategy or symbol; absent for portfolio' })),
}, { additionalProperties: false });

export const LimitValue = Type.Object({
  mode: literals(['absolute', 'fraction-of-nav'] as const),
  amount: Type.Number({ description: 'in the unit of the metric, or a fraction of NAV (0.2 = 20 %) for money metrics' }),
}, { additionalProperties: false });

const limitFields = {
  scope: Type.Optional(LimitScope),
  value: Type.Optional(LimitValue),
  warningLevels: Type.Optional(Type.Array(Type.Number(), { maxItems: 5, description: 'utilisation fractions, ascending, each in (0, 1]; default [0.8, 0.95]' })),
  action: EnforcementAction,
  active: Type.Optional(Type.Boolean({ description: 'default true' })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'var {confidence: 0.95|0.99}; price-collar {reference: last|mid}; restricted-symbols {symbols: [...]}; position-size {basis: notional|quantity}; concentration {basis: hhi|largest-share}' })),
};

export const CreateLimitBody = Type.Object({ id: Type.Optional(Id), type: LimitType, ...limitFields }, { additionalProperties: false });

export const UpdateLimitBody = Type.Object({
  type: Type.Optional(LimitType), ...limitFields, action: Type.Optional(EnforcementAction),
}, { additionalProperties: false, minProperties: 1 });

export const Limit = Type.Object({
  id: Type.String(), portfolioId: Type.String(), type: Type.String(), scope: LimitScope, value: LimitValue,
  warningLevels: ReadonlyArray(Type.Number()), action: Type.String(), active: Type.Boolean(), description: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()), version: Type.Integer(), createdAt: Type.String(), updatedAt: Type.String(),
});

export const EffectiveLimit = Type.Intersect([Limit, Type.Object({
  override: Type.Optional(Type.Object({ id: Type.String(), baseAmount: Type.Number(), expiresAt: Type.String() })),
})]);

export const LimitList = Type.Object({
  portfolioId: Type.String(),
  limitsVersion: Type.Integer({ description: 'bumped by every change to the limits or overrides of the portfolio; recorded with each pre-trade decision' }),
  limits: Type.Array(Limit),
  effective: Type.Array(EffectiveLimit, { description: 'the limits that apply now: active, not suspended, raises in force applied' }),
});

export const LimitParams = Type.Object({ portfolioId: Id, limitId: Id });
export const OverrideParams = Type.Object({ portfolioId: Id, limitId: Id, overrideId: Id });

export const OverrideStatus = literals(['pending', 'active', 'rejected', 'expired', 'revoked'] as const);

export const OverrideBody = Type.Object({
  kind: literals(['raise', 'suspend'] as const),
  amount: Type.Optional(Type.Number({ description: 'raise only: the temporary amount, in the limit\'s unit and mode' })),
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
  expiresAt: IsoTime,
}, { additionalProperties: false });

export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export const ReasonQuery = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });

export const Override = Type.Object({
  id: Type.String(), portfolioId: Type.String(), limitId: Type.String(), kind: Type.String(), amount: Nullable(Type.Number()),
  reason: Type.String(), requestedBy: Type.String(), approvedBy: Nullable(Type.String()), status: OverrideStatus,
  expiresAt: Type.String(), createdAt: Type.String(), decidedBy: Nullable(Type.String()), decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()), endedBy: Nullable(Type.String()), endedAt: Nullable(Type.String()),
});

export const OverrideQuery = Type.Object({ status: Type.Optional(OverrideStatus), limitId: Type.Optional(Id) }, { additionalProperties: false });

export const TradingStateRecord = Type.Object({
  key: Type.String(), state: TradingState, reason: Type.String(), changedBy: Type.String(), changedAt: Type.String(),
  engaged: Type.Boolean(), engagedBy: Nullable(Type.String()), engagedAt: Nullable(Type.String()), engagedReason: Nullable(Type.String()),
  stateBeforeEngaged: Nullable(Type.String({ description: 'while engaged: the state that releasing the kill switch returns to' })),
});

export const EffectiveTradingState = Type.Object({
  portfolioId: Type.String(), state: TradingState,
  source: literals(['firm', 'portfolio', 'default'] as const),
  firm: Nullable(TradingStateRecord), portfolio: Nullable(TradingStateRecord),
});

export const SetTradingStateBody = Type.Object({ state: TradingState, reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const KillSwitchBody = Type.Object({
  scope: literals(['firm', 'portfolio'] as const), portfolioId: Type.Optional(Id), reason: Type.String({ minLength: 1, maxLength: 1000 }),
}, { additionalProperties: false });

const KillSwitchView = {
  engaged: Type.Boolean(), state: TradingState, engagedBy: Nullable(Type.String()), engagedAt: Nullable(Type.String()), reason: Nullable(Type.String()),
};
export const KillSwitches = Type.Object({
  firm: Type.Object(KillSwitchView),
  portfolios: Type.Array(Type.Object({ portfolioId: Type.String(), ...KillSwitchView })),
});

export const InstructionStatus = literals(['pending', 'acknowledged', 'rejected', 'expired'] as const);

export const Instruction = Type.Object({
  id: Type.String(), portfolioId: Type.String(), limitId: Nullable(Type.String()), violationId: Nullable(Type.String()),
  instrumentKey: Type.String(), side: literals(['buy', 'sell'] as const), quantity: Type.Number({ description: 'positive: shares or contracts' }),
  strategyGroupId: Nullable(Type.String()), reason: Type.String(), status: InstructionStatus, createdAt: Type.String(),
  acknowledgedAt: Nullable(Type.String()), acknowledgedBy: Nullable(Type.String()), note: Nullable(Type.String()),
  deliveryAttempts: Type.Integer({ description: 'deliveries to the execution webhooks tried so far' }),
  deliveredAt: Nullable(Type.String({ description: 'when a delivery reached every active webhook' })),
  nextDeliveryAt: Nullable(Type.String({ description: 'when the next delivery is due (null: delivered or no longer pending)' })),
  lastDeliveryError: Nullable(Type.String()),
});

export const Violation = Type.Object({
  id: Type.String(), portfolioId: Type.String(), limitId: Type.String(), limitType: Type.String(), scope: LimitScope,
  source: literals(['pre-trade', 'monitor'] as const), detectedAt: Type.String(),
  metric: Type.Object({ current: Nullable(Type.Number()), projected: Nullable(Type.Number()), limit: Type.Number(), utilisation: Nullable(Type.Number()) }),
  actionTaken: Type.String(), instructionIds: ReadonlyArray(Type.String()), context: Type.Record(Type.String(), Type.Unknown()),
  resolvedAt: Nullable(Type.String()), instructions: Type.Array(Instruction),
});

export const ViolationQuery = Type.Object({
  from: Type.Optional(IsoTime), to: Type.Optional(IsoTime), limitId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 500 })),
}, { additionalProperties: false });

export const InstructionQuery = Type.Object({
  portfolioId: Type.Optional(Id), status: Type.Optional(InstructionStatus),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 500 })),
}, { additionalProperties: false });

export const AckBody = Type.Object({
  status: literals(['acknowledged', 'rejected'] as const), note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

export const Webhook = Type.Object({
  id: Type.String(), url: Type.String(), active: Type.Boolean(), createdBy: Type.String(), createdAt: Type.String(),
  deactivatedBy: Nullable(Type.String()), deactivatedAt: Nullable(Type.String()),
});

export const CreateWebhookBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000, pattern: '^https?://' }),
  secret: Type.Optional(Type.String({ minLength: 32, maxLength: 256, description: 'HMAC-SHA256 key that signs each delivery; generated when absent; shown only in this response' })),
}, { additionalProperties: false });
