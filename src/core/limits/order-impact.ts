/**
 * The change an order (a set of legs applied together) makes to the book's aggregates, computed
 * in O(legs + touched underlyings^2) into preallocated arrays: legs on the same instrument are
 * merged ("groups"), and deltas are kept per touched underlying, sector and strategy plus
 * portfolio totals and the projected quadratic forms (HHI sums, e' Sigma e, |e|' R |e|).
 *
 * Legs are written by the caller (resolveOrderLegs for client orders, the enforcement planner for
 * reductions): underlying index, position index (-1 = instrument not held), strategy index (-1 =
 * not in the book), key, signed quantity, multiplier and per-unit sensitivities.
 */
import type { PreTradeTables } from './pre-trade-tables.ts';

export interface OrderImpact {
  readonly legCapacity: number;
  legCount: number;
  readonly legUnderlying: Int32Array;
  readonly legPosition: Int32Array;
  readonly legStrategy: Int32Array;
  readonly legKey: string[];
  readonly legIsOption: Uint8Array;
  /** Signed units: + buy, - sell. */
  readonly legQuantity: Float64Array;
  readonly legMultiplier: Float64Array;
  readonly legUnitPrice: Float64Array;
  readonly legUnitDelta: Float64Array;
  readonly legUnitGamma: Float64Array;
  readonly legUnitVega: Float64Array;
  readonly legUnitTheta: Float64Array;
  /** NaN = no limit price. */
  readonly legLimitPrice: Float64Array;
  readonly legGroup: Int32Array;
  groupCount: number;
  readonly groupPosition: Int32Array;
  readonly groupUnderlying: Int32Array;
  readonly groupStrategy: Int32Array;
  readonly groupKey: string[];
  readonly groupQuantityBefore: Float64Array;
  readonly groupQuantityAfter: Float64Array;
  readonly groupDdBefore: Float64Array;
  readonly groupDdChange: Float64Array;
  readonly groupMvBefore: Float64Array;
  readonly groupMvChange: Float64Array;
  readonly groupGamma: Float64Array;
  readonly groupVega: Float64Array;
  readonly groupTheta: Float64Array;
  /** Working column for sequential per-leg checks (reduce-only). */
  readonly groupRunning: Float64Array;
  /** Touched underlyings: table index per slot k, and the change of each aggregate. */
  underlyingCount: number;
  readonly touchedUnderlying: Int32Array;
  readonly underlyingSlot: Int32Array;
  readonly underlyingStamp: Int32Array;
  readonly uNet: Float64Array;
  readonly uGross: Float64Array;
  readonly uShares: Float64Array;
  readonly uGamma: Float64Array;
  readonly uVega: Float64Array;
  readonly uTheta: Float64Array;
  readonly uBeta: Float64Array;
  /** Per-slot changes by COLUMN code, for underlyings (with shares), sectors and strategies. */
  readonly uColumns: readonly Float64Array[];
  readonly sColumns: readonly Float64Array[];
  readonly kColumns: readonly Float64Array[];
  sectorCount: number;
  readonly touchedSector: Int32Array;
  readonly sectorSlot: Int32Array;
  readonly sectorStamp: Int32Array;
  readonly sNet: Float64Array;
  readonly sGross: Float64Array;
  readonly sBeta: Float64Array;
  readonly sGamma: Float64Array;
  readonly sVega: Float64Array;
  readonly sTheta: Float64Array;
  /** Touched strategies; table index -1 = a strategy not in the book (the order's own). */
  strategyCount: number;
  readonly touchedStrategy: Int32Array;
  readonly strategySlot: Int32Array;
  readonly strategyStamp: Int32Array;
  readonly kNet: Float64Array;
  readonly kGross: Float64Array;
  readonly kBeta: Float64Array;
  readonly kGamma: Float64Array;
  readonly kVega: Float64Array;
  readonly kTheta: Float64Array;
  readonly positionStamp: Int32Array;
  readonly positionGroup: Int32Array;
  stamp: number;
  dNet: number; dGross: number; dLong: number; dShort: number; dMarketValueAbs: number;
  dBetaNet: number; dGamma: number; dVega: number; dTheta: number;
  /** Projected sum |e_u|, sum e_u^2, e' Sigma e and (when asked) |e|' R |e|. */
  absNetSum: number; netSquares: number; netCovNet: number; absCorrAbs: number;
  /** Sum over touched underlyings of 3 sd_u |change of e_u| (the W4 daily-loss add-on). */
  dailyLossAddOn: number;
  /** Sum over touched underlyings of sd_u |e_u| before and after (the daily-loss increase test). */
  sdLossBefore: number; sdLossAfter: number;
}

export function createOrderImpact({ legCapacity, tables }: { legCapacity: number; tables: PreTradeTables }): OrderImpact {
  const L = legCapacity; const U = tables.underlyings.names.length; const S = tables.sectors.names.length;
  const K = tables.strategies.names.length + 1; const P = tables.positions.keys.length;
  const f = (n: number): Float64Array => new Float64Array(n);
  const i = (n: number): Int32Array => new Int32Array(n);
  const [uNet, uGross, uBeta, uGamma, uVega, uTheta, uShares] = Array.from({ length: 7 }, () => f(U)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const sCols = Array.from({ length: 6 }, () => f(S)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const kCols = Array.from({ length: 6 }, () => f(K)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  return {
    legCapacity: L, legCount: 0, legUnderlying: i(L), legPosition: i(L), legStrategy: i(L), legKey: new Array<string>(L).fill(''), legIsOption: new Uint8Array(L),
    legQuantity: f(L), legMultiplier: f(L), legUnitPrice: f(L), legUnitDelta: f(L), legUnitGamma: f(L), legUnitVega: f(L), legUnitTheta: f(L),
    legLimitPrice: f(L), legGroup: i(L),
    groupCount: 0, groupPosition: i(L), groupUnderlying: i(L), groupStrategy: i(L), groupKey: new Array<string>(L).fill(''),
    groupQuantityBefore: f(L), groupQuantityAfter: f(L), groupDdBefore: f(L), groupDdChange: f(L), groupMvBefore: f(L), groupMvChange: f(L),
    groupGamma: f(L), groupVega: f(L), groupTheta: f(L), groupRunning: f(L),
    underlyingCount: 0, touchedUnderlying: i(U), underlyingSlot: i(U), underlyingStamp: i(U),
    uNet, uGross, uShares, uGamma, uVega, uTheta, uBeta, uColumns: [uNet, uGross, uBeta, uGamma, uVega, uTheta, uShares],
    sColumns: sCols, kColumns: kCols,
    sectorCount: 0, touchedSector: i(S), sectorSlot: i(S), sectorStamp: i(S),
    sNet: sCols[0], sGross: sCols[1], sBeta: sCols[2], sGamma: sCols[3], sVega: sCols[4], sTheta: sCols[5],
    strategyCount: 0, touchedStrategy: i(K), strategySlot: i(K), strategyStamp: i(K),
    kNet: kCols[0], kGross: kCols[1], kBeta: kCols[2], kGamma: kCols[3], kVega: kCols[4], kTheta: kCols[5],
    positionStamp: i(P), positionGroup: i(P), stamp: 0,
    dNet: 0, dGross: 0, dLong: 0, dShort: 0, dMarketValueAbs: 0, dBetaNet: 0, dGamma: 0, dVega: 0, dTheta: 0,
    absNetSum: 0, netSquares: 0, netCovNet: 0, absCorrAbs: 0, dailyLossAddOn: 0, sdLossBefore: 0, sdLossAfter: 0,
  };
}

function groupOf(t: PreTradeTables, x: OrderImpact, j: number): number {
  const p = x.legPosition[j]!;
  if (p >= 0 && x.positionStamp[p] === x.stamp) return x.positionGroup[p]!;
  if (p < 0) {
    const key = x.legKey[j]!;
    for (let g = 0; g < x.groupCount; g++) if (x.groupPosition[g] === -1 && x.groupKey[g] === key) return g;
  }
  const g = x.groupCount++;
  x.groupPosition[g] = p; x.groupUnderlying[g] = x.legUnderlying[j]!; x.groupKey[g] = x.legKey[j]!;
  const held = p >= 0;
  x.groupStrategy[g] = held ? t.positions.strategy[p]! : x.legStrategy[j]!;
  x.groupQuantityBefore[g] = held ? t.positions.quantity[p]! : 0;
  x.groupQuantityAfter[g] = x.groupQuantityBefore[g]!;
  x.groupDdBefore[g] = held ? t.positions.dollarDelta[p]! : 0;
  x.groupMvBefore[g] = held ? t.positions.marketValue[p]! : 0;
  x.groupDdChange[g] = 0; x.groupMvChange[g] = 0; x.groupGamma[g] = 0; x.groupVega[g] = 0; x.groupTheta[g] = 0;
  if (held) { x.positionStamp[p] = x.stamp; x.positionGroup[p] = g; }
  return g;
}

function underlyingSlotOf(x: OrderImpact, u: number): number {
  if (x.underlyingStamp[u] === x.stamp) return x.underlyingSlot[u]!;
  const k = x.underlyingCount++;
  x.underlyingStamp[u] = x.stamp; x.underlyingSlot[u] = k; x.touchedUnderlying[k] = u;
  x.uNet[k] = 0; x.uGross[k] = 0; x.uShares[k] = 0; x.uGamma[k] = 0; x.uVega[k] = 0; x.uTheta[k] = 0; x.uBeta[k] = 0;
  return k;
}

function sectorSlotOf(x: OrderImpact, s: number): number {
  if (x.sectorStamp[s] === x.stamp) return x.sectorSlot[s]!;
  const k = x.sectorCount++;
  x.sectorStamp[s] = x.stamp; x.sectorSlot[s] = k; x.touchedSector[k] = s;
  x.sNet[k] = 0; x.sGross[k] = 0; x.sBeta[k] = 0; x.sGamma[k] = 0; x.sVega[k] = 0; x.sTheta[k] = 0;
  return k;
}

function strategySlotOf(x: OrderImpact, strategy: number): number {
  const at = strategy + 1; // -1 (not in the book) -> 0
  if (x.strategyStamp[at] === x.stamp) return x.strategySlot[at]!;
  const k = x.strategyCount++;
  x.strategyStamp[at] = x.stamp; x.strategySlot[at] = k; x.touchedStrategy[k] = strategy;
  x.kNet[k] = 0; x.kGross[k] = 0; x.kBeta[k] = 0; x.kGamma[k] = 0; x.kVega[k] = 0; x.kTheta[k] = 0;
  return k;
}

/** Stamps mark "touched in this check" without clearing arrays; they live in Int32Arrays, so wrap explicitly. */
export function nextStamp(x: OrderImpact): void {
  if (x.stamp >= 0x7fffffff) {
    for (const a of [x.underlyingStamp, x.sectorStamp, x.strategyStamp, x.positionStamp]) a.fill(0);
    x.stamp = 0;
  }
  x.stamp++;
}

/** Fills every derived field of `x` from its legs. Allocation-free. */
export function computeOrderImpact({ tables: t, impact: x, withCorrelation }: { tables: PreTradeTables; impact: OrderImpact; withCorrelation: boolean }): void {
  const und = t.underlyings;
  nextStamp(x);
  x.groupCount = 0; x.underlyingCount = 0; x.sectorCount = 0; x.strategyCount = 0;
  for (let j = 0; j < x.legCount; j++) {
    const u = x.legUnderlying[j]!; const S = und.spot[u]!;
    // ((quantity x multiplier) x unit delta) x spot, as the W4 peers associate it
    const units = x.legQuantity[j]! * x.legMultiplier[j]!;
    const dd = units * x.legUnitDelta[j]! * S;
    const gamma = units * x.legUnitGamma[j]! * S * S * 0.01;
    const vega = units * x.legUnitVega[j]!; const theta = units * x.legUnitTheta[j]!;
    const g = groupOf(t, x, j);
    x.legGroup[j] = g;
    x.groupQuantityAfter[g] = x.groupQuantityAfter[g]! + x.legQuantity[j]!;
    x.groupDdChange[g] = x.groupDdChange[g]! + dd; x.groupMvChange[g] = x.groupMvChange[g]! + units * x.legUnitPrice[j]!;
    x.groupGamma[g] = x.groupGamma[g]! + gamma; x.groupVega[g] = x.groupVega[g]! + vega; x.groupTheta[g] = x.groupTheta[g]! + theta;
    const k = underlyingSlotOf(x, u);
    x.uNet[k] = x.uNet[k]! + dd; x.uShares[k] = x.uShares[k]! + units * x.legUnitDelta[j]!;
    x.uGamma[k] = x.uGamma[k]! + gamma; x.uVega[k] = x.uVega[k]! + vega; x.uTheta[k] = x.uTheta[k]! + theta;
  }
  let dGross = 0; let dLong = 0; let dShort = 0; let dMv = 0;
  for (let g = 0; g < x.groupCount; g++) {
    const before = x.groupDdBefore[g]!; const after = before + x.groupDdChange[g]!;
    const gd = Math.abs(after) - Math.abs(before);
    const u = x.groupUnderlying[g]!; const k = x.underlyingSlot[u]!;
    x.uGross[k] = x.uGross[k]! + gd;
    dGross += gd; dLong += Math.max(after, 0) - Math.max(before, 0); dShort += Math.max(-after, 0) - Math.max(-before, 0);
    dMv += Math.abs(x.groupMvBefore[g]! + x.groupMvChange[g]!) - Math.abs(x.groupMvBefore[g]!);
    const ks = strategySlotOf(x, x.groupStrategy[g]!);
    x.kNet[ks] = x.kNet[ks]! + x.groupDdChange[g]!; x.kGross[ks] = x.kGross[ks]! + gd; x.kBeta[ks] = x.kBeta[ks]! + und.beta[u]! * x.groupDdChange[g]!;
    x.kGamma[ks] = x.kGamma[ks]! + x.groupGamma[g]!; x.kVega[ks] = x.kVega[ks]! + x.groupVega[g]!; x.kTheta[ks] = x.kTheta[ks]! + x.groupTheta[g]!;
  }
  x.dGross = dGross; x.dLong = dLong; x.dShort = dShort; x.dMarketValueAbs = dMv;
  let dNet = 0; let dBeta = 0; let dGamma = 0; let dVega = 0; let dTheta = 0; let addOn = 0; let lossBefore = 0; let lossAfter = 0;
  let A = t.totals.absNetSum; let B2 = t.totals.netSquares; let q = t.totals.netCovNet;
  const U = und.names.length; const cov = und.covariance;
  for (let k = 0; k < x.underlyingCount; k++) {
    const u = x.touchedUnderlying[k]!; const d = x.uNet[k]!; const e = und.net[u]!; const en = e + d; const beta = und.beta[u]!;
    A = A - Math.abs(e) + Math.abs(en); B2 = B2 - e * e + en * en;
    x.uBeta[k] = beta * d;
    dNet += d; dBeta += beta * d; dGamma += x.uGamma[k]!; dVega += x.uVega[k]!; dTheta += x.uTheta[k]!;
    const sd = und.dailySd[u]!;
    addOn += 3 * sd * Math.abs(d); lossBefore += sd * Math.abs(e); lossAfter += sd * Math.abs(en);
    const s = sectorSlotOf(x, und.sector[u]!);
    x.sNet[s] = x.sNet[s]! + d; x.sGross[s] = x.sGross[s]! + x.uGross[k]!; x.sBeta[s] = x.sBeta[s]! + beta * d;
    x.sGamma[s] = x.sGamma[s]! + x.uGamma[k]!; x.sVega[s] = x.sVega[s]! + x.uVega[k]!; x.sTheta[s] = x.sTheta[s]! + x.uTheta[k]!;
    q += 2 * d * und.covarianceTimesNet[u]!;
    for (let l = 0; l < x.underlyingCount; l++) q += d * x.uNet[l]! * cov[u * U + x.touchedUnderlying[l]!]!;
  }
  x.dNet = dNet; x.dBetaNet = dBeta; x.dGamma = dGamma; x.dVega = dVega; x.dTheta = dTheta;
  x.absNetSum = A; x.netSquares = B2; x.netCovNet = Math.max(q, 0);
  x.dailyLossAddOn = addOn; x.sdLossBefore = lossBefore; x.sdLossAfter = lossAfter;
  x.absCorrAbs = withCorrelation ? projectedAbsCorrAbs(t, x) : t.totals.absCorrAbs;
}

function projectedAbsCorrAbs(t: PreTradeTables, x: OrderImpact): number {
  const und = t.underlyings; const U = und.names.length; const R = und.correlation;
  let r = t.totals.absCorrAbs;
  for (let k = 0; k < x.underlyingCount; k++) {
    const u = x.touchedUnderlying[k]!; const e = und.net[u]!;
    const dk = Math.abs(e + x.uNet[k]!) - Math.abs(e);
    r += 2 * dk * und.correlationTimesAbsNet[u]!;
    for (let l = 0; l < x.underlyingCount; l++) {
      const v = x.touchedUnderlying[l]!; const ev = und.net[v]!;
      r += dk * (Math.abs(ev + x.uNet[l]!) - Math.abs(ev)) * R[u * U + v]!;
    }
  }
  return r;
}
