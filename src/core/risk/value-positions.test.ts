import { describe, expect, it } from 'vitest';
import { AS_OF, option, position, quote, snapshot, stock } from '../../../test/support/builders.ts';
import { yearsToExpiry } from '../market/market-snapshot.ts';
import { bsmGreeks } from '../pricing/index.ts';
import { aggregateGreeks } from './aggregate-greeks.ts';
import { exposures } from './exposures.ts';
import { valuePositions } from './value-positions.ts';

const settings = { lookbackDays: 252, minHistoryReturns: 20 };

describe('valuePositions', () => {
  const call = option('IBM', 'call', 100, '2026-04-17');
  const t = yearsToExpiry(Date.parse(AS_OF), '2026-04-17');

  it('values stocks at the quote and options by BSM with their own quoted implied vol', () => {
    const snap = snapshot({ quotes: [quote(stock('IBM'), 105, { bid: 104.9, ask: 105.1 }), quote(call, 9, { impliedVolatility: 0.3 })], dividendYields: { IBM: 0.01 } });
    const { valuations } = valuePositions([position(stock('IBM'), 200), position(call, -3)], snap, settings);
    const [s, o] = valuations;
    expect(s).toMatchObject({ status: 'ok', marketValue: 105 * 200, greeks: { delta: 200, dollarDelta: 21000 } });
    const ref = bsmGreeks({ kind: 'call', spot: 105, strike: 100, timeToExpiryYears: t, volatility: 0.3, rate: 0.05, dividendYield: 0.01 });
    if (o?.status !== 'ok') throw new Error('option not valued');
    expect(o.unitPrice).toBeCloseTo(ref.price, 12);
    expect(o.marketValue).toBeCloseTo(ref.price * -300, 9);
    expect(o.greeks.delta).toBeCloseTo(ref.delta * -300, 10);
    expect(o.greeks.dollarGammaPer1Pct).toBeCloseTo(ref.gamma * -300 * 105 * 105 * 0.01, 9);
    expect(o.greeks.vegaPerVolPoint).toBeCloseTo(ref.vega * 0.01 * -300, 9);
    expect(o.greeks.thetaPerDay).toBeCloseTo((ref.theta / 365) * -300, 9);
    expect(o.option).toMatchObject({ volatility: 0.3, volatilitySource: 'quote', method: 'bsm' });
  });

  it('falls back from quoted price to the surface of other quotes to historical volatility', () => {
    const other = option('IBM', 'put', 95, '2026-04-17');
    const bars = Array.from({ length: 60 }, (_, i) => ({ symbol: 'IBM', date: `2025-0${1 + Math.floor(i / 28)}-${String(1 + (i % 28)).padStart(2, '0')}`, close: 100 * (1 + 0.01 * Math.sin(i)) }));
    const withPrice = valuePositions([position(call, 1)], snapshot({ quotes: [quote(stock('IBM'), 100), quote(call, 6.5)] }), settings).valuations[0];
    expect(withPrice?.status === 'ok' && withPrice.option?.volatilitySource).toBe('quote-price');
    const surface = valuePositions([position(call, 1)], snapshot({ quotes: [quote(stock('IBM'), 100), quote(other, 3, { impliedVolatility: 0.27 })] }), settings).valuations[0];
    expect(surface?.status === 'ok' && surface.option).toMatchObject({ volatilitySource: 'quoted-surface', volatility: 0.27 });
    const hist = valuePositions([position(call, 1)], snapshot({ quotes: [quote(stock('IBM'), 100)], history: { IBM: bars } }), settings).valuations[0];
    expect(hist?.status === 'ok' && hist.option?.volatilitySource).toBe('historical-flat');
  });

  it('values an option past its expiry at intrinsic with no Greeks, not as a pricing failure', () => {
    const expired = option('IBM', 'call', 90, '2020-01-17'); // long before AS_OF
    const expiredPut = option('IBM', 'put', 90, '2020-01-17');
    const snap = snapshot({ quotes: [quote(stock('IBM'), 105)] });
    const [c, p] = valuePositions([position(expired, 2), position(expiredPut, 3)], snap, settings).valuations;
    if (c?.status !== 'ok' || p?.status !== 'ok') throw new Error(`not valued: ${JSON.stringify([c, p])}`);
    expect(c.marketValue).toBeCloseTo(15 * 2 * (expired.multiplier ?? 100), 9);
    expect(p.marketValue).toBe(0);
    for (const v of [c, p]) {
      expect(v.greeks.delta).toBe(0);
      expect(v.greeks.dollarGammaPer1Pct).toBe(0);
      expect(v.greeks.vegaPerVolPoint).toBe(0);
      expect(v.greeks.thetaPerDay).toBe(0);
      expect(v.option?.timeToExpiryYears).toBe(0);
    }
  });

  it('fails only the affected positions with coded reasons, never a silent zero', () => {
    const { valuations } = valuePositions([position(stock('IBM'), 10), position(stock('MSFT'), 10), position(call, 1)], snapshot({ quotes: [quote(stock('IBM'), 100)], rate: null }), settings);
    expect(valuations.map((v) => (v.status === 'ok' ? 'ok' : v.error.code))).toEqual(['ok', 'MISSING_QUOTE', 'RATE_UNAVAILABLE']);
    const noVol = valuePositions([position(call, 1)], snapshot({ quotes: [quote(stock('IBM'), 100)] }), settings).valuations[0];
    expect(noVol?.status === 'failed' && noVol.error.code).toBe('VOLATILITY_UNAVAILABLE');
  });

  it('aggregates Greeks by underlying and computes exposures and leverage', () => {
    const snap = snapshot({ quotes: [quote(stock('IBM'), 100), quote(stock('KO'), 50), quote(call, 5, { impliedVolatility: 0.25 })] });
    const { valuations } = valuePositions([position(stock('IBM'), 100), position(stock('KO'), -200), position(call, 2)], snap, settings);
    const agg = aggregateGreeks(valuations);
    expect(Object.keys(agg.byUnderlying).sort()).toEqual(['IBM', 'KO']);
    expect(agg.byUnderlying.KO?.dollarDelta).toBe(-10000);
    const opt = valuations[2];
    if (opt?.status !== 'ok') throw new Error('x');
    const e = exposures(valuations, 100_000);
    expect(e.long).toBeCloseTo(10000 + opt.greeks.dollarDelta, 9);
    expect(e.short).toBe(-10000);
    expect(e.leverage).toBeCloseTo((20000 + opt.greeks.dollarDelta) / 100_000, 12);
  });
});
