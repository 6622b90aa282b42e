/**
 * Struct-of-arrays tables behind a PreTradeState and the aggregates a check reads in O(1):
 * per underlying, sector and strategy the net and gross dollar delta, beta-weighted dollar delta,
 * dollar gamma per 1 %, vega per vol point and theta per day; per underlying also share-equivalent
 * delta, Sigma e and R |e| (for incremental e' Sigma e and |e|' R |e|); portfolio totals; and the
 * underlyings ranked by |net dollar delta| and by illiquidity (for "largest excluding the touched").
 */
import type { PreTradePositionInput, PreTradeUnderlyingInput } from './pre-trade-inputs.ts';

/** Aggregates per label (sector or strategy), indexed by label. */
export interface LabelAggregates {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Net dollar delta. */
  readonly net: Float64Array;
  /** Sum over positions of |dollar delta|. */
  readonly gross: Float64Array;
  /** Sum of beta x dollar delta. */
  readonly betaNet: Float64Array;
  readonly dollarGammaPer1Pct: Float64Array;
  readonly vegaPerVolPoint: Float64Array;
  readonly thetaPerDay: Float64Array;
  /** The columns above by COLUMN code (net, gross, betaNet, gamma, vega, theta; underlyings add deltaShares). */
  readonly columns: readonly Float64Array[];
}

export interface UnderlyingTable extends LabelAggregates {
  readonly spot: Float64Array;
  readonly last: Float64Array;
  readonly mid: Float64Array;
  readonly quoteTimeMs: Float64Array;
  readonly atmVolatility: Float64Array;
  readonly dividendYield: Float64Array;
  readonly beta: Float64Array;
  readonly sector: Int32Array;
  readonly averageDailyVolume: Float64Array;
  readonly dailySd: Float64Array;
  /** Share-equivalent delta (sum of unit delta x quantity x multiplier). */
  readonly deltaShares: Float64Array;
  readonly covariance: Float64Array;
  readonly correlation: Float64Array;
  /** (Sigma e)_u with e = net dollar delta per underlying. */
  readonly covarianceTimesNet: Float64Array;
  /** (R |e|)_u. */
  readonly correlationTimesAbsNet: Float64Array;
  /** |deltaShares| / ADV (days at 100 % participation); Infinity with exposure and no ADV. */
  readonly illiquidity: Float64Array;
  /** Underlying indices by |net| descending. */
  readonly byAbsNet: Int32Array;
  /** Underlying indices by illiquidity descending. */
  readonly byIlliquidity: Int32Array;
}

export interface PositionTable {
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly underlying: Int32Array;
  readonly strategy: Int32Array;
  readonly strategyGroupIds: readonly (string | null)[];
  readonly isOption: Uint8Array;
  readonly quantity: Float64Array;
  readonly multiplier: Float64Array;
  readonly unitPrice: Float64Array;
  readonly unitDelta: Float64Array;
  readonly unitGamma: Float64Array;
  readonly unitVegaPerVolPoint: Float64Array;
  readonly unitThetaPerDay: Float64Array;
  readonly dollarDelta: Float64Array;
  readonly marketValue: Float64Array;
}

export interface PortfolioTotals {
  readonly net: number;
  readonly gross: number;
  readonly long: number;
  readonly short: number;
  readonly betaNet: number;
  readonly dollarGammaPer1Pct: number;
  readonly vegaPerVolPoint: number;
  readonly thetaPerDay: number;
  /** Sum over positions of |market value|. */
  readonly marketValueAbs: number;
  /** Sum over underlyings of |e_u| and of e_u^2 (HHI, correlation weights). */
  readonly absNetSum: number;
  readonly netSquares: number;
  /** e' Sigma e, currency^2 per day. */
  readonly netCovNet: number;
  /** |e|' R |e|. */
  readonly absCorrAbs: number;
}

export interface PreTradeTables {
  readonly underlyings: UnderlyingTable;
  readonly sectors: LabelAggregates;
  readonly strategies: LabelAggregates;
  readonly positions: PositionTable;
  readonly totals: PortfolioTotals;
}

const finiteOr = (v: number | null, fallback: number): number => (v !== null && Number.isFinite(v) ? v : fallback);

function labels(names: string[], extra: Float64Array[] = []): LabelAggregates {
  const n = names.length;
  const c = Array.from({ length: 6 }, () => new Float64Array(n));
  return {
    names, index: new Map(names.map((s, i) => [s, i])), net: c[0]!, gross: c[1]!, betaNet: c[2]!,
    dollarGammaPer1Pct: c[3]!, vegaPerVolPoint: c[4]!, thetaPerDay: c[5]!, columns: [...c, ...extra],
  };
}

function intern(names: string[], index: Map<string, number>, name: string): number {
  let i = index.get(name);
  if (i === undefined) { i = names.length; names.push(name); index.set(name, i); }
  return i;
}

function underlyingTable(inputs: readonly PreTradeUnderlyingInput[], sectors: { names: string[]; index: Map<string, number> }, problems: string[]): UnderlyingTable {
  const U = inputs.length;
  const col = (): Float64Array => new Float64Array(U);
  const deltaShares = col();
  const base = labels(inputs.map((u) => u.symbol), [deltaShares]);
  if (base.index.size !== U) problems.push('underlying symbols must be unique');
  const t = {
    ...base, spot: col(), last: col(), mid: col(), quoteTimeMs: col(), atmVolatility: col(), dividendYield: col(), beta: col(),
    sector: new Int32Array(U), averageDailyVolume: col(), dailySd: col(), deltaShares, covariance: new Float64Array(0),
    correlation: new Float64Array(U * U), covarianceTimesNet: col(), correlationTimesAbsNet: col(), illiquidity: col(),
    byAbsNet: new Int32Array(U), byIlliquidity: new Int32Array(U),
  };
  inputs.forEach((u, i) => {
    t.spot[i] = u.spot !== null && u.spot > 0 && Number.isFinite(u.spot) ? u.spot : Number.NaN;
    t.last[i] = finiteOr(u.last, Number.NaN);
    t.mid[i] = finiteOr(u.mid, Number.NaN);
    t.quoteTimeMs[i] = finiteOr(u.quoteTimeMs, Number.NaN);
    t.atmVolatility[i] = u.atmVolatility !== null && u.atmVolatility > 0 ? u.atmVolatility : Number.NaN;
    t.averageDailyVolume[i] = u.averageDailyVolume !== null && u.averageDailyVolume > 0 ? u.averageDailyVolume : Number.NaN;
    t.dividendYield[i] = u.dividendYield;
    t.beta[i] = u.beta;
    t.dailySd[i] = u.dailyLogReturnSd;
    t.sector[i] = intern(sectors.names, sectors.index, u.sector);
    for (const [name, v] of [['dividendYield', u.dividendYield], ['beta', u.beta], ['dailyLogReturnSd', u.dailyLogReturnSd]] as const) {
      if (!Number.isFinite(v)) problems.push(`underlying ${u.symbol}: ${name} must be finite`);
    }
  });
  return t;
}

function positionTable(inputs: readonly PreTradePositionInput[], und: UnderlyingTable, strategies: { names: string[]; index: Map<string, number> }, problems: string[]): PositionTable {
  const P = inputs.length;
  const col = (): Float64Array => new Float64Array(P);
  const t = {
    keys: inputs.map((p) => p.instrumentKey), index: new Map<string, number>(), underlying: new Int32Array(P), strategy: new Int32Array(P),
    strategyGroupIds: inputs.map((p) => p.strategyGroupId), isOption: new Uint8Array(P), quantity: col(), multiplier: col(), unitPrice: col(),
    unitDelta: col(), unitGamma: col(), unitVegaPerVolPoint: col(), unitThetaPerDay: col(), dollarDelta: col(), marketValue: col(),
  };
  inputs.forEach((p, i) => {
    if (t.index.has(p.instrumentKey)) problems.push(`position ${p.instrumentKey} appears twice`);
    t.index.set(p.instrumentKey, i);
    const u = und.index.get(p.underlying);
    if (u === undefined) problems.push(`position ${p.instrumentKey}: underlying ${p.underlying} has no market entry`);
    else if (Number.isNaN(und.spot[u]!) && p.quantity !== 0) problems.push(`position ${p.instrumentKey}: underlying ${p.underlying} has no spot`);
    const values = [p.quantity, p.multiplier, p.unitPrice, p.unitDelta, p.unitGamma, p.unitVegaPerVolPoint, p.unitThetaPerDay];
    if (!values.every(Number.isFinite) || !(p.multiplier > 0)) problems.push(`position ${p.instrumentKey}: quantity, multiplier and unit sensitivities must be finite (multiplier > 0)`);
    t.underlying[i] = u ?? 0;
    t.strategy[i] = intern(strategies.names, strategies.index, p.strategy);
    t.isOption[i] = p.assetClass === 'option' ? 1 : 0;
    [t.quantity[i], t.multiplier[i], t.unitPrice[i], t.unitDelta[i], t.unitGamma[i], t.unitVegaPerVolPoint[i], t.unitThetaPerDay[i]] = values as [number, number, number, number, number, number, number];
  });
  return t;
}

/** Tables and aggregates; problems are appended to `problems` (the caller fails closed on any). */
export function buildPreTradeTables({ underlyings, positions, dailyCovariance, extraSectors, extraStrategies, problems }: {
  underlyings: readonly PreTradeUnderlyingInput[];
  positions: readonly PreTradePositionInput[];
  dailyCovariance: Float64Array;
  extraSectors: readonly string[];
  extraStrategies: readonly string[];
  problems: string[];
}): PreTradeTables {
  const sectorNames: string[] = []; const sectorIndex = new Map<string, number>();
  const und0 = underlyingTable(underlyings, { names: sectorNames, index: sectorIndex }, problems);
  for (const s of extraSectors) intern(sectorNames, sectorIndex, s);
  const U = underlyings.length;
  if (dailyCovariance.length !== U * U) problems.push(`dailyCovariance has ${dailyCovariance.length} entries for ${U} underlyings`);
  else if (!dailyCovariance.every(Number.isFinite)) problems.push('dailyCovariance must be finite');
  const und: UnderlyingTable = { ...und0, covariance: dailyCovariance.length === U * U ? dailyCovariance : new Float64Array(U * U) };
  const strategyNames: string[] = []; const strategyIndex = new Map<string, number>();
  const pos = positionTable(positions, und, { names: strategyNames, index: strategyIndex }, problems);
  for (const s of extraStrategies) intern(strategyNames, strategyIndex, s);
  const sectors = labels(sectorNames); const strategies = labels(strategyNames);
  const totals = aggregate(und, pos, sectors, strategies);
  return { underlyings: und, sectors, strategies, positions: pos, totals };
}

function aggregate(und: UnderlyingTable, pos: PositionTable, sectors: LabelAggregates, strategies: LabelAggregates): PortfolioTotals {
  let gross = 0; let long = 0; let short = 0; let mvAbs = 0; let gamma = 0; let vega = 0; let theta = 0;
  for (let i = 0; i < pos.keys.length; i++) {
    const u = pos.underlying[i]!; const k = pos.strategy[i]!;
    const S = und.spot[u]!; const units = pos.quantity[i]! * pos.multiplier[i]!;
    if (units === 0) continue;
    // same association as the W4 peers: ((quantity x multiplier) x delta) x spot
    const dd = units * pos.unitDelta[i]! * S;
    const mv = units * pos.unitPrice[i]!;
    const g = units * pos.unitGamma[i]! * S * S * 0.01;
    const v = units * pos.unitVegaPerVolPoint[i]!;
    const th = units * pos.unitThetaPerDay[i]!;
    pos.dollarDelta[i] = dd; pos.marketValue[i] = mv;
    und.net[u] = und.net[u]! + dd; und.gross[u] = und.gross[u]! + Math.abs(dd);
    und.deltaShares[u] = und.deltaShares[u]! + units * pos.unitDelta[i]!;
    und.dollarGammaPer1Pct[u] = und.dollarGammaPer1Pct[u]! + g; und.vegaPerVolPoint[u] = und.vegaPerVolPoint[u]! + v; und.thetaPerDay[u] = und.thetaPerDay[u]! + th;
    strategies.net[k] = strategies.net[k]! + dd; strategies.gross[k] = strategies.gross[k]! + Math.abs(dd); strategies.betaNet[k] = strategies.betaNet[k]! + und.beta[u]! * dd;
    strategies.dollarGammaPer1Pct[k] = strategies.dollarGammaPer1Pct[k]! + g; strategies.vegaPerVolPoint[k] = strategies.vegaPerVolPoint[k]! + v; strategies.thetaPerDay[k] = strategies.thetaPerDay[k]! + th;
    gross += Math.abs(dd); if (dd > 0) long += dd; else short -= dd;
    mvAbs += Math.abs(mv); gamma += g; vega += v; theta += th;
  }
  const U = und.names.length;
  let net = 0; let betaNet = 0; let absNetSum = 0; let netSquares = 0;
  for (let u = 0; u < U; u++) {
    const e = und.net[u]!; const s = und.sector[u]!;
    und.betaNet[u] = und.beta[u]! * e;
    sectors.net[s] = sectors.net[s]! + e; sectors.gross[s] = sectors.gross[s]! + und.gross[u]!; sectors.betaNet[s] = sectors.betaNet[s]! + und.betaNet[u]!;
    sectors.dollarGammaPer1Pct[s] = sectors.dollarGammaPer1Pct[s]! + und.dollarGammaPer1Pct[u]!;
    sectors.vegaPerVolPoint[s] = sectors.vegaPerVolPoint[s]! + und.vegaPerVolPoint[u]!; sectors.thetaPerDay[s] = sectors.thetaPerDay[s]! + und.thetaPerDay[u]!;
    net += e; betaNet += und.betaNet[u]!; absNetSum += Math.abs(e); netSquares += e * e;
    const adv = und.averageDailyVolume[u]!; const shares = Math.abs(und.deltaShares[u]!);
    und.illiquidity[u] = shares === 0 ? 0 : adv > 0 ? shares / adv : Number.POSITIVE_INFINITY;
  }
  const cov = und.covariance; const corr = und.correlation;
  for (let i = 0; i < U; i++) for (let j = 0; j < U; j++) {
    const d = Math.sqrt(cov[i * U + i]! * cov[j * U + j]!);
    corr[i * U + j] = i === j ? 1 : d > 0 ? cov[i * U + j]! / d : 0;
  }
  let netCovNet = 0; let absCorrAbs = 0;
  for (let i = 0; i < U; i++) {
    let se = 0; let ra = 0;
    for (let j = 0; j < U; j++) { se += cov[i * U + j]! * und.net[j]!; ra += corr[i * U + j]! * Math.abs(und.net[j]!); }
    und.covarianceTimesNet[i] = se; und.correlationTimesAbsNet[i] = ra;
    netCovNet += und.net[i]! * se; absCorrAbs += Math.abs(und.net[i]!) * ra;
  }
  const order = Array.from({ length: U }, (_, i) => i);
  und.byAbsNet.set([...order].sort((a, b) => Math.abs(und.net[b]!) - Math.abs(und.net[a]!) || a - b));
  und.byIlliquidity.set([...order].sort((a, b) => und.illiquidity[b]! - und.illiquidity[a]! || a - b));
  return {
    net, gross, long, short, betaNet, dollarGammaPer1Pct: gamma, vegaPerVolPoint: vega, thetaPerDay: theta, marketValueAbs: mvAbs,
    absNetSum, netSquares, netCovNet: Math.max(netCovNet, 0), absCorrAbs,
  };
}
