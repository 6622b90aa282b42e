/**
 * A small, hand-checkable book for the limits tests.
 *
 * Underlyings (spot, sector, beta, daily sd, ADV): AAA 100 Tech 1.2 2 % 1e6; BBB 50 Tech 0.8 1.5 %
 * 5e5; CCC 200 Energy 1.0 2.5 % 2e6; DDD 20 Energy 0.9 3 % 1e5 (not held). Correlations AB 0.6,
 * AC 0.3, AD 0.2, BC 0.25, BD 0.2, CD 0.5.
 * Positions (dollar delta): AAA +1,000 shares (100,000, core); BBB -800 (-40,000, core); CCC +300
 * (60,000, energy); call spread G1 on AAA (spreads): +10 AAA C100 (delta .55: 55,000) and -10 AAA
 * C110 (delta .35: -35,000); +5 CCC P190 (delta -.35: -35,000, energy).
 * So e = (AAA 120,000, BBB -40,000, CCC 25,000, DDD 0), net 105,000, gross 325,000, dollar gamma
 * per 1 % 2,500, vega per vol point 220, theta per day -30. NAV 1,000,000.
 */
import type { LimitDefinition, LimitScope, LimitType } from './limit-definition.ts';
import type { Instrument, OptionInstrument } from '../portfolio/instrument.ts';
import type { PreTradeDecision, PreTradeOrder, PreTradeOrderLeg } from './pre-trade-decision.ts';
import type { BuildPreTradeStateInput, PreTradePositionInput, PreTradeState, PreTradeUnderlyingInput } from './pre-trade-state.ts';
import { buildPreTradeState } from './pre-trade-state.ts';
import { evaluateOrder } from './evaluate-order.ts';

export const NOW_MS = Date.UTC(2024, 5, 7, 15);
export const EXPIRY = '2024-12-20';

const SD = [0.02, 0.015, 0.025, 0.03];
const CORRELATION = [
  [1, 0.6, 0.3, 0.2],
  [0.6, 1, 0.25, 0.2],
  [0.3, 0.25, 1, 0.5],
  [0.2, 0.2, 0.5, 1],
];

export function underlying(symbol: string, spot: number, sector: string, beta: number, sd: number, adv: number, vol: number): PreTradeUnderlyingInput {
  return { symbol, spot, last: spot, mid: spot, quoteTimeMs: NOW_MS, atmVolatility: vol, dividendYield: 0.01, beta, sector, averageDailyVolume: adv, dailyLogReturnSd: sd };
}

export const UNDERLYINGS: readonly PreTradeUnderlyingInput[] = [
  underlying('AAA', 100, 'Tech', 1.2, 0.02, 1e6, 0.3),
  underlying('BBB', 50, 'Tech', 0.8, 0.015, 5e5, 0.25),
  underlying('CCC', 200, 'Energy', 1.0, 0.025, 2e6, 0.35),
  underlying('DDD', 20, 'Energy', 0.9, 0.03, 1e5, 0.4),
];

export function covarianceOf(sd: readonly number[], correlation: readonly (readonly number[])[]): Float64Array {
  const n = sd.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = correlation[i]![j]! * sd[i]! * sd[j]!;
  return out;
}

export const COVARIANCE = covarianceOf(SD, CORRELATION);

export const stock = (symbol: string): Instrument => ({ type: 'stock', symbol });
export const option = (underlying: string, kind: 'call' | 'put', strike: number, exerciseStyle: 'european' | 'american' = 'american'): OptionInstrument =>
  ({ type: 'option', underlying, kind, strike, expiry: EXPIRY, exerciseStyle, multiplier: 100 });

export const AAA_C100 = 'AAA 2024-12-20 C 100';
export const AAA_C110 = 'AAA 2024-12-20 C 110';
export const CCC_P190 = 'CCC 2024-12-20 P 190';

export function equityPosition(symbol: string, quantity: number, strategy: string, spot: number): PreTradePositionInput {
  return { instrumentKey: symbol, underlying: symbol, assetClass: 'equity', quantity, multiplier: 1, strategy, strategyGroupId: null, unitPrice: spot, unitDelta: 1, unitGamma: 0, unitVegaPerVolPoint: 0, unitThetaPerDay: 0 };
}

export function optionPosition(key: string, underlying: string, quantity: number, strategy: string, group: string | null, g: { price: number; delta: number; gamma: number; vega: number; theta: number }): PreTradePositionInput {
  return { instrumentKey: key, underlying, assetClass: 'option', quantity, multiplier: 100, strategy, strategyGroupId: group, unitPrice: g.price, unitDelta: g.delta, unitGamma: g.gamma, unitVegaPerVolPoint: g.vega, unitThetaPerDay: g.theta };
}

export const POSITIONS: readonly PreTradePositionInput[] = [
  equityPosition('AAA', 1000, 'core', 100),
  equityPosition('BBB', -800, 'core', 50),
  equityPosition('CCC', 300, 'energy', 200),
  optionPosition(AAA_C100, 'AAA', 10, 'spreads', 'G1', { price: 8, delta: 0.55, gamma: 0.03, vega: 0.2, theta: -0.04 }),
  optionPosition(AAA_C110, 'AAA', -10, 'spreads', 'G1', { price: 4, delta: 0.35, gamma: 0.025, vega: 0.18, theta: -0.035 }),
  optionPosition(CCC_P190, 'CCC', 5, 'energy', null, { price: 9, delta: -0.35, gamma: 0.01, vega: 0.4, theta: -0.05 }),
];

export function limit(type: LimitType, amount: number, opts: { id?: string; scope?: LimitScope; params?: Record<string, unknown>; action?: LimitDefinition['action']; warningLevels?: number[]; fractionOfNav?: boolean } = {}): LimitDefinition {
  return {
    id: opts.id ?? type, portfolioId: 'P1', type, scope: opts.scope ?? { kind: 'portfolio' },
    value: { mode: opts.fractionOfNav === true ? 'fraction-of-nav' : 'absolute', amount },
    warningLevels: opts.warningLevels ?? [0.8, 0.95], action: opts.action ?? 'block-new', active: true, description: `${type} test limit`,
    params: opts.params ?? {}, version: 1, updatedAt: '2024-06-07T00:00:00Z',
  };
}

export function fixtureInput(overrides: Partial<BuildPreTradeStateInput> = {}): BuildPreTradeStateInput {
  return {
    portfolioId: 'P1', nav: 1_000_000, navAtStartOfDay: 1_000_000, tradingState: 'ACTIVE', rate: 0.04,
    underlyings: UNDERLYINGS, positions: POSITIONS, dailyCovariance: COVARIANCE, var95: 20_000, var99: 28_000,
    limits: [], limitsVersion: 1, ...overrides,
  };
}

export function fixtureState(overrides: Partial<BuildPreTradeStateInput> = {}): PreTradeState {
  const r = buildPreTradeState(fixtureInput(overrides));
  if (!r.ok) throw new Error(`${r.error.message}: ${JSON.stringify(r.error.details)}`);
  return r.value;
}

export type LegSpec = readonly [Instrument, 'buy' | 'sell', number, number?];

export function order(...legs: LegSpec[]): PreTradeOrder {
  return {
    clientOrderId: 'o-1',
    legs: legs.map(([instrument, side, quantity, limitPrice]): PreTradeOrderLeg => (limitPrice === undefined ? { instrument, side, quantity } : { instrument, side, quantity, limitPrice })),
  };
}

export function check(state: PreTradeState, o: PreTradeOrder, opts: { nowMs?: number; maxQuoteAgeMs?: number; ordersInLastSecond?: number } = {}): PreTradeDecision {
  return evaluateOrder({ state, order: o, nowMs: opts.nowMs ?? NOW_MS, maxQuoteAgeMs: opts.maxQuoteAgeMs ?? 5_000, ordersInLastSecond: opts.ordersInLastSecond ?? 0 });
}

export const codes = (d: PreTradeDecision): string[] => d.reasons.map((r) => r.code);
export const warningCodes = (d: PreTradeDecision): string[] => d.warnings.map((w) => w.code);
