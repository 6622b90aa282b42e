import type { LimitType } from './limit-definition.ts';

/**
 * Stable, machine-readable codes of pre-trade decisions. Per limit type three codes: `exceeded`
 * (a blocking reason), `alert` (the limit's action is 'alert': the breach is reported as a warning
 * and never blocks) and `warning` (projected utilisation reached one of the limit's warning levels).
 */
export const LIMIT_REASON_CODES = {
  'position-size': { exceeded: 'LIMIT_POSITION_SIZE_EXCEEDED', alert: 'LIMIT_POSITION_SIZE_ALERT', warning: 'LIMIT_POSITION_SIZE_WARNING' },
  'gross-exposure': { exceeded: 'LIMIT_GROSS_EXPOSURE_EXCEEDED', alert: 'LIMIT_GROSS_EXPOSURE_ALERT', warning: 'LIMIT_GROSS_EXPOSURE_WARNING' },
  'net-exposure': { exceeded: 'LIMIT_NET_EXPOSURE_EXCEEDED', alert: 'LIMIT_NET_EXPOSURE_ALERT', warning: 'LIMIT_NET_EXPOSURE_WARNING' },
  'sector-exposure': { exceeded: 'LIMIT_SECTOR_EXPOSURE_EXCEEDED', alert: 'LIMIT_SECTOR_EXPOSURE_ALERT', warning: 'LIMIT_SECTOR_EXPOSURE_WARNING' },
  'strategy-exposure': { exceeded: 'LIMIT_STRATEGY_EXPOSURE_EXCEEDED', alert: 'LIMIT_STRATEGY_EXPOSURE_ALERT', warning: 'LIMIT_STRATEGY_EXPOSURE_WARNING' },
  'daily-loss': { exceeded: 'LIMIT_DAILY_LOSS_EXCEEDED', alert: 'LIMIT_DAILY_LOSS_ALERT', warning: 'LIMIT_DAILY_LOSS_WARNING' },
  concentration: { exceeded: 'LIMIT_CONCENTRATION_EXCEEDED', alert: 'LIMIT_CONCENTRATION_ALERT', warning: 'LIMIT_CONCENTRATION_WARNING' },
  leverage: { exceeded: 'LIMIT_LEVERAGE_EXCEEDED', alert: 'LIMIT_LEVERAGE_ALERT', warning: 'LIMIT_LEVERAGE_WARNING' },
  correlation: { exceeded: 'LIMIT_CORRELATION_EXCEEDED', alert: 'LIMIT_CORRELATION_ALERT', warning: 'LIMIT_CORRELATION_WARNING' },
  liquidity: { exceeded: 'LIMIT_LIQUIDITY_EXCEEDED', alert: 'LIMIT_LIQUIDITY_ALERT', warning: 'LIMIT_LIQUIDITY_WARNING' },
  volatility: { exceeded: 'LIMIT_VOLATILITY_EXCEEDED', alert: 'LIMIT_VOLATILITY_ALERT', warning: 'LIMIT_VOLATILITY_WARNING' },
  'net-delta': { exceeded: 'LIMIT_NET_DELTA_EXCEEDED', alert: 'LIMIT_NET_DELTA_ALERT', warning: 'LIMIT_NET_DELTA_WARNING' },
  'net-gamma': { exceeded: 'LIMIT_NET_GAMMA_EXCEEDED', alert: 'LIMIT_NET_GAMMA_ALERT', warning: 'LIMIT_NET_GAMMA_WARNING' },
  'net-vega': { exceeded: 'LIMIT_NET_VEGA_EXCEEDED', alert: 'LIMIT_NET_VEGA_ALERT', warning: 'LIMIT_NET_VEGA_WARNING' },
  'net-theta': { exceeded: 'LIMIT_NET_THETA_EXCEEDED', alert: 'LIMIT_NET_THETA_ALERT', warning: 'LIMIT_NET_THETA_WARNING' },
  var: { exceeded: 'LIMIT_VAR_EXCEEDED', alert: 'LIMIT_VAR_ALERT', warning: 'LIMIT_VAR_WARNING' },
  'order-quantity': { exceeded: 'ORDER_QUANTITY_EXCEEDED', alert: 'ORDER_QUANTITY_ALERT', warning: 'ORDER_QUANTITY_WARNING' },
  'order-notional': { exceeded: 'ORDER_NOTIONAL_EXCEEDED', alert: 'ORDER_NOTIONAL_ALERT', warning: 'ORDER_NOTIONAL_WARNING' },
  'price-collar': { exceeded: 'PRICE_OUTSIDE_COLLAR', alert: 'PRICE_OUTSIDE_COLLAR_ALERT', warning: 'PRICE_COLLAR_WARNING' },
  'order-rate': { exceeded: 'ORDER_RATE_EXCEEDED', alert: 'ORDER_RATE_ALERT', warning: 'ORDER_RATE_WARNING' },
  'restricted-symbols': { exceeded: 'RESTRICTED_SYMBOL', alert: 'RESTRICTED_SYMBOL_ALERT', warning: 'RESTRICTED_SYMBOL_WARNING' },
} as const satisfies Record<LimitType, { exceeded: string; alert: string; warning: string }>;

/** Codes that are not about one limit: trading state, order shape and market data (all fail closed). */
export const ORDER_REASON_CODES = [
  'TRADING_HALTED',
  'REDUCE_ONLY_VIOLATION',
  'INVALID_ORDER',
  'INSTRUMENT_UNKNOWN',
  'MARKET_DATA_MISSING',
  'MARKET_DATA_STALE',
  'PRICING_FAILED',
] as const;

type LimitCodes = (typeof LIMIT_REASON_CODES)[LimitType];
export type LimitReasonCode = LimitCodes['exceeded'] | LimitCodes['alert'] | LimitCodes['warning'];
export type OrderReasonCode = (typeof ORDER_REASON_CODES)[number];
export type PreTradeReasonCode = LimitReasonCode | OrderReasonCode;

/** Every code a pre-trade decision can carry, in a stable order (order codes first). */
export const PRE_TRADE_REASON_CODES: readonly PreTradeReasonCode[] = [
  ...ORDER_REASON_CODES,
  ...Object.values(LIMIT_REASON_CODES).flatMap((c): PreTradeReasonCode[] => [c.exceeded, c.alert, c.warning]),
];

const TYPE_OF_CODE: ReadonlyMap<string, LimitType> = new Map(Object.entries(LIMIT_REASON_CODES)
  .flatMap(([type, c]) => [[c.exceeded, type as LimitType], [c.alert, type as LimitType], [c.warning, type as LimitType]]));

/** The limit type a limit reason code belongs to (`PRICE_OUTSIDE_COLLAR` → price-collar); null for order codes. */
export const limitTypeOfCode = (code: string): LimitType | null => TYPE_OF_CODE.get(code) ?? null;
