import { quoteMid, yearsToExpiry, type MarketSnapshot } from '../market/market-snapshot.ts';
import { buildVolatilitySurface, flatVolatilitySurface, type VolatilitySurface, type VolPoint } from '../market/volatility-surface.ts';
import { contractMultiplier, underlyingSymbol, type OptionInstrument } from '../portfolio/instrument.ts';
import type { Position } from '../portfolio/position.ts';
import { earlyExerciseNeverOptimal, impliedVolatility, priceOption } from '../pricing/index.ts';
import { logReturns } from '../stats/price-returns.ts';
import { sampleSd } from '../stats/moments.ts';
import { expiryBucket, ZERO_GREEKS, type FailedPosition, type PositionValuation, type ValuationFailureCode, type ValuedPosition } from './position-valuation.ts';

export interface ValuationSettings {
  /** Daily closes used for the historical fallback volatility (most recent N returns). */
  readonly lookbackDays: number;
  /** Fewest returns for a historical volatility to be trusted. */
  readonly minHistoryReturns: number;
}

export interface UnderlyingMarket {
  readonly spot: number | null;
  readonly dividendYield: number;
  readonly surface: VolatilitySurface | null;
}

/** Annualised (sqrt 252) sample sd of the last `lookbackDays` daily log returns, or null. */
export function historicalVolatility(closes: readonly { close: number }[], lookbackDays: number, minReturns: number): number | null {
  const tail = closes.slice(-(lookbackDays + 1));
  if (tail.length - 1 < minReturns) return null;
  const sd = sampleSd(logReturns(Float64Array.from(tail, (b) => b.close)));
  return Number.isFinite(sd) && sd > 0 ? sd * Math.sqrt(252) : null;
}

/** Per-underlying spot, dividend yield and volatility surface from the snapshot. */
export function underlyingMarkets(positions: readonly Position[], snapshot: MarketSnapshot, settings: ValuationSettings): Map<string, UnderlyingMarket> {
  const asOfMs = Date.parse(snapshot.asOf);
  const out = new Map<string, UnderlyingMarket>();
  const symbols = new Set(positions.map((p) => underlyingSymbol(p.instrument)));
  for (const symbol of symbols) {
    const q = snapshot.quotes.get(symbol);
    const spot = q === undefined ? null : quoteMid(q);
    const dividendYield = snapshot.reference.get(symbol)?.dividendYield ?? 0;
    const points: VolPoint[] = [];
    if (spot !== null) {
      for (const quote of snapshot.quotes.values()) {
        const i = quote.instrument;
        if (i.type !== 'option' || i.underlying !== symbol || quote.impliedVolatility === null) continue;
        const t = yearsToExpiry(asOfMs, i.expiry);
        if (t <= 0) continue;
        const forward = spot * Math.exp(((snapshot.rate ?? 0) - dividendYield) * t);
        points.push({ timeYears: t, logMoneyness: Math.log(i.strike / forward), volatility: quote.impliedVolatility });
      }
    }
    let surface: VolatilitySurface | null = points.length > 0 ? buildVolatilitySurface(symbol, points) : null;
    if (surface === null) {
      const hv = historicalVolatility(snapshot.history.get(symbol) ?? [], settings.lookbackDays, settings.minHistoryReturns);
      surface = hv === null ? null : flatVolatilitySurface(symbol, hv);
    }
    out.set(symbol, { spot, dividendYield, surface });
  }
  return out;
}

const identity = (p: Position, snapshot: MarketSnapshot, bucket: string) => ({
  positionId: p.positionId, instrumentKey: p.instrumentKey, underlying: underlyingSymbol(p.instrument),
  assetClass: p.instrument.type === 'option' ? 'option' as const : 'equity' as const, quantity: p.quantity,
  multiplier: contractMultiplier(p.instrument),
  sector: p.sector ?? snapshot.reference.get(underlyingSymbol(p.instrument))?.sector ?? 'Unclassified',
  strategy: p.strategy ?? 'none', strategyGroupId: p.strategyGroupId, expiryBucket: bucket,
});

const failed = (base: ReturnType<typeof identity>, code: ValuationFailureCode, message: string): FailedPosition =>
  ({ ...base, status: 'failed', error: { code, message } });

function valueOption(p: Position & { instrument: OptionInstrument }, snapshot: MarketSnapshot, market: UnderlyingMarket, asOfMs: number): PositionValuation {
  const i = p.instrument;
  // past its expiry close an option is worth intrinsic and carries no Greeks (CONVENTIONS.md), as at t = 0
  const t = Math.max(0, yearsToExpiry(asOfMs, i.expiry));
  const base = identity(p, snapshot, expiryBucket(t));
  if (market.spot === null) return failed(base, 'MISSING_QUOTE', `no quote for underlying ${i.underlying}`);
  if (snapshot.rate === null) return failed(base, 'RATE_UNAVAILABLE', 'no risk-free rate for the base currency');
  const spot = market.spot; const rate = snapshot.rate; const q = market.dividendYield;
  const style = i.exerciseStyle;
  let volatility: number | null = null;
  let source: NonNullable<ValuedPosition['option']>['volatilitySource'] = 'quote';
  const own = snapshot.quotes.get(p.instrumentKey);
  if (t > 0) {
    if (own?.impliedVolatility != null) volatility = own.impliedVolatility;
    else if (own !== undefined) {
      // inverted with the pricer that values it (below), so the quote's own price is reproduced
      const iv = impliedVolatility({ kind: i.kind, style, spot, strike: i.strike, timeToExpiryYears: t, rate, dividendYield: q, price: quoteMid(own), ...(style === 'american' ? { method: 'bjerksund-stensland-2002' as const } : {}) });
      if (iv.ok) { volatility = iv.value; source = 'quote-price'; }
    }
    if (volatility === null && market.surface !== null) {
      const forward = spot * Math.exp((rate - q) * t);
      volatility = market.surface.volatility({ timeYears: t, logMoneyness: Math.log(i.strike / forward) });
      source = market.surface.source;
    }
    if (volatility === null) return failed(base, 'VOLATILITY_UNAVAILABLE', `no implied volatility quoted for ${p.instrumentKey} or its underlying, and too little history for ${i.underlying}`);
  }
  // American options are valued as inside every scenario loop (historical VaR, Monte Carlo, stress):
  // Bjerksund-Stensland 2002, so a zero shock is a zero P&L, at microseconds a price where the
  // default lattice takes milliseconds (its Greeks ~30 ms); where that approximation does not
  // apply (some negative-rate cases) the default lattice instead (ADR 0008).
  const input = { kind: i.kind, style, spot, strike: i.strike, timeToExpiryYears: t, volatility: volatility ?? 0, rate, dividendYield: q };
  const approximated = style === 'american' && t > 0 && !earlyExerciseNeverOptimal({ ...input, timeToExpiryYears: t, volatility: volatility ?? 0 })
    ? priceOption({ ...input, method: 'bjerksund-stensland-2002' }) : undefined;
  const priced = approximated !== undefined && (approximated.ok || approximated.error.code !== 'METHOD_NOT_APPLICABLE') ? approximated : priceOption(input);
  if (!priced.ok) return failed(base, 'PRICING_FAILED', priced.error.message);
  const g = priced.value;
  const units = p.quantity * i.multiplier;
  const delta = g.delta * units;
  const gamma = g.gamma * units;
  return {
    ...base, status: 'ok', spot, unitPrice: g.price, marketValue: g.price * units,
    greeks: {
      delta, dollarDelta: delta * spot, gamma, dollarGammaPer1Pct: gamma * spot * spot * 0.01,
      vegaPerVolPoint: g.vega * units, thetaPerDay: g.theta * units, rhoPerPct: g.rho * units,
    },
    option: { timeToExpiryYears: t, volatility: volatility ?? 0, volatilitySource: source, method: g.method },
  };
}

/**
 * Values every position from one snapshot. A missing quote, rate or volatility fails only the
 * positions that need it, with a coded reason; nothing is silently valued at zero.
 */
export function valuePositions(positions: readonly Position[], snapshot: MarketSnapshot, settings: ValuationSettings): { valuations: PositionValuation[]; markets: Map<string, UnderlyingMarket> } {
  const asOfMs = Date.parse(snapshot.asOf);
  const markets = underlyingMarkets(positions, snapshot, settings);
  const valuations = positions.map((p): PositionValuation => {
    const market = markets.get(underlyingSymbol(p.instrument)) as UnderlyingMarket;
    if (p.instrument.type === 'option') return valueOption(p as Position & { instrument: OptionInstrument }, snapshot, market, asOfMs);
    const base = identity(p, snapshot, 'none');
    if (market.spot === null) return failed(base, 'MISSING_QUOTE', `no quote for ${p.instrumentKey}`);
    const spot = market.spot;
    return {
      ...base, status: 'ok', spot, unitPrice: spot, marketValue: spot * p.quantity,
      greeks: { ...ZERO_GREEKS, delta: p.quantity, dollarDelta: p.quantity * spot }, option: null,
    };
  });
  return { valuations, markets };
}
