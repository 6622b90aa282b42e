/**
 * VaR and Expected Shortfall of a scenario P&L vector (currency), as POSITIVE losses, in currency
 * and as a fraction of a given net asset value, using the quantile and ES estimators of
 * core/stats (CONVENTIONS.md: R type 7 quantile and Acerbi-Tasche ES by default).
 * The shared benchmark peers use VaR_a = -x[floor(N(1-a))] ('floor-index') and
 * ES_a = -mean of the worst ceil(N(1-a)) ('tail-mean').
 */
import type { QuantileMethod } from '../stats/empirical-quantile.ts';
import type { EsMethod } from '../stats/historical-expected-shortfall.ts';
import { historicalExpectedShortfall } from '../stats/historical-expected-shortfall.ts';
import { historicalVar } from '../stats/historical-var.ts';

export interface LossMeasure {
  /** Positive = loss, currency. */
  readonly amount: number;
  /** amount / net asset value. */
  readonly fractionOfNav: number;
}

export interface TailMeasure {
  readonly confidence: number;
  readonly valueAtRisk: LossMeasure;
  readonly expectedShortfall: LossMeasure;
}

export interface TailConventions {
  readonly quantileMethod: QuantileMethod;
  readonly expectedShortfallMethod: EsMethod;
}

export const DEFAULT_TAIL_CONVENTIONS: TailConventions = { quantileMethod: 'type7', expectedShortfallMethod: 'acerbi-tasche' };

/** `pnl` non-empty and NaN-free, `confidences` in (0, 1) (validated by the caller). */
export function pnlTailMeasures({
  pnl, confidences, netAssetValue, conventions = DEFAULT_TAIL_CONVENTIONS,
}: {
  pnl: Float64Array;
  confidences: readonly number[];
  netAssetValue: number;
  conventions?: TailConventions;
}): TailMeasure[] {
  const sorted = Float64Array.from(pnl).sort();
  return confidences.map((confidence) => {
    const v = historicalVar({ sortedReturns: sorted, confidence, quantileMethod: conventions.quantileMethod });
    const es = historicalExpectedShortfall({ sortedReturns: sorted, confidence, method: conventions.expectedShortfallMethod });
    return {
      confidence,
      valueAtRisk: { amount: v, fractionOfNav: v / netAssetValue },
      expectedShortfall: { amount: es, fractionOfNav: es / netAssetValue },
    };
  });
}

/** Index of the worst (lowest) scenario P&L; the first one on ties. */
export function worstScenarioIndex(pnl: Float64Array): number {
  let worst = 0;
  for (let t = 1; t < pnl.length; t++) if (pnl[t]! < pnl[worst]!) worst = t;
  return worst;
}
