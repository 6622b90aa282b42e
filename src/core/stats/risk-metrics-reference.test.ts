/**
 * The `risk_metrics` cases of test/support/reference-cases.json (R 4.2 fPortfolio/fAssets/fBasics/
 * timeSeries cross-checked with numpy/scipy), every expected field at its strict `tol`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { herfindahlIndex } from './herfindahl-index.ts';
import { historicalExpectedShortfall } from './historical-expected-shortfall.ts';
import { historicalVar } from './historical-var.ts';
import { moments } from './moments.ts';
import { cornishFisherQuantile, cornishFisherVar, gaussianExpectedShortfall, gaussianVar } from './parametric-var.ts';
import {
  annualizedReturn,
  annualizedVolatility,
  downsideDeviation,
  geometricSharpeRatio,
  sharpeRatio,
  sortinoRatio,
} from './performance-ratios.ts';
import { portfolioReturns } from './portfolio-returns.ts';
import { normalInvCdf } from './normal-distribution.ts';
import { simpleReturns } from './price-returns.ts';
import { sortAscending } from './empirical-quantile.ts';

const ROOT = new URL('../../../', import.meta.url);

interface NumericExpectation {
  value: number | string | boolean | null;
  tol?: [number, number];
  exact?: boolean;
}
interface RiskCase {
  id: string;
  category: string;
  inputs: { columns: string[]; weights: number[]; rebalance: 'daily' | 'none'; rf_annual: number; periods_per_year: number; mar: number; confidence_levels: number[] };
  expected: Record<string, NumericExpectation>;
}

function loadCsvColumns(names: readonly string[]): Float64Array[] {
  const lines = readFileSync(new URL('data/fixtures/eustockmarkets.csv', ROOT), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const index = names.map((n) => header.indexOf(n));
  const cols = names.map(() => new Float64Array(lines.length - 1));
  lines.slice(1).forEach((line, t) => {
    const cells = line.split(',');
    index.forEach((j, k) => (cols[k]![t] = Number(cells[j])));
  });
  return cols;
}

/** Every metric name of `metric_definitions` this module computes, for one case. */
function computeMetrics(c: RiskCase): Record<string, number> {
  const { columns, weights, rf_annual: rfAnnual, periods_per_year: periodsPerYear, mar } = c.inputs;
  const assetReturns = loadCsvColumns(columns).map(simpleReturns);
  const portfolio = portfolioReturns({
    assetReturns,
    weights: Float64Array.from(weights),
    rebalance: c.inputs.rebalance === 'daily' ? 'daily' : 'buy-and-hold',
  });
  const x = portfolio.simpleReturns;
  const sorted = sortAscending(x);
  const m = moments(x);
  const out: Record<string, number> = {
    n: m.n,
    mean: m.mean,
    sd: m.sd,
    sd_pop: m.sdPop,
    skew_pop: m.skewness,
    exkurt_pop: m.excessKurtosis,
    skew_fbasics: m.skewnessFbasics,
    exkurt_fbasics: m.excessKurtosisFbasics,
    ann_mean_arith: annualizedReturn({ returns: x, periodsPerYear }),
    ann_vol: annualizedVolatility({ returns: x, periodsPerYear }),
    ann_vol_pop: m.sdPop * Math.sqrt(periodsPerYear),
    min: m.min,
    max: m.max,
    sharpe_daily_rf0: sharpeRatio({ returns: x, periodsPerYear }).perPeriod,
    sharpe_ann_rf0: sharpeRatio({ returns: x, periodsPerYear }).annualized,
    sharpe_ann_rf: sharpeRatio({ returns: x, rfAnnual, periodsPerYear }).annualized,
    sharpe_ann_rf_geomdaily: sharpeRatio({ returns: x, rfAnnual, periodsPerYear, rfConversion: 'geometric' }).annualized,
    sharpe_ann_geometric_rf0: geometricSharpeRatio({ simpleReturns: x, periodsPerYear }),
    sharpe_ann_geometric_rf: geometricSharpeRatio({ simpleReturns: x, rfAnnual, periodsPerYear }),
    downside_dev_full: downsideDeviation({ returns: x, mar }).value,
    downside_dev_full_ann: downsideDeviation({ returns: x, mar }).value * Math.sqrt(periodsPerYear),
    downside_dev_ndown: downsideDeviation({ returns: x, mar, denominator: 'below-mar' }).value,
    n_below_mar: downsideDeviation({ returns: x, mar }).countBelowMar,
    sortino_daily: sortinoRatio({ returns: x, mar, periodsPerYear }).perPeriod,
    sortino_ann: sortinoRatio({ returns: x, mar, periodsPerYear }).annualized,
    sortino_ann_ndown: sortinoRatio({ returns: x, mar, periodsPerYear, denominator: 'below-mar' }).annualized,
    hhi: herfindahlIndex(Float64Array.from(weights)).hhi,
    hhi_normalized: herfindahlIndex(Float64Array.from(weights)).normalized,
    hhi_end_weights: herfindahlIndex(portfolio.endWeights).hhi,
  };
  for (const confidence of c.inputs.confidence_levels) {
    const C = Math.round(confidence * 100);
    const gauss = { mean: m.mean, confidence };
    const cf = { mean: m.mean, sd: m.sd, confidence, skewness: m.skewness, excessKurtosis: m.excessKurtosis };
    Object.assign(out, {
      [`hist_var_${C}_type7`]: historicalVar({ sortedReturns: sorted, confidence, quantileMethod: 'type7' }),
      [`hist_var_${C}_type1`]: historicalVar({ sortedReturns: sorted, confidence, quantileMethod: 'type1' }),
      [`hist_var_${C}_floor_index`]: historicalVar({ sortedReturns: sorted, confidence, quantileMethod: 'floor-index' }),
      [`hist_es_${C}_type1_tail_mean`]: historicalExpectedShortfall({ sortedReturns: sorted, confidence, method: 'tail-mean' }),
      [`hist_es_${C}_floor_k_tail_mean`]: historicalExpectedShortfall({ sortedReturns: sorted, confidence, method: 'tail-mean-floor' }),
      [`hist_es_${C}_le_type7`]: historicalExpectedShortfall({ sortedReturns: sorted, confidence, method: 'below-type7-quantile' }),
      [`hist_es_${C}_acerbi_tasche`]: historicalExpectedShortfall({ sortedReturns: sorted, confidence }),
      [`gauss_var_${C}`]: gaussianVar({ ...gauss, sd: m.sd }),
      [`gauss_var_${C}_zero_mean`]: gaussianVar({ ...gauss, sd: m.sd, centring: 'zero-mean' }),
      [`gauss_var_${C}_pop_sd`]: gaussianVar({ ...gauss, sd: m.sdPop }),
      [`gauss_es_${C}`]: gaussianExpectedShortfall({ ...gauss, sd: m.sd }),
      [`gauss_es_${C}_zero_mean`]: gaussianExpectedShortfall({ ...gauss, sd: m.sd, centring: 'zero-mean' }),
      [`gauss_es_${C}_pop_sd`]: gaussianExpectedShortfall({ ...gauss, sd: m.sdPop }),
      [`cf_z_${C}`]: cornishFisherQuantile({ z: normalInvCdf(1 - confidence), skewness: m.skewness, excessKurtosis: m.excessKurtosis }),
      [`cf_var_${C}`]: cornishFisherVar(cf),
      [`cf_var_${C}_pa`]: cornishFisherVar({ ...cf, sd: m.sdPop }),
      [`cf_var_${C}_fbasics`]: cornishFisherVar({ ...cf, skewness: m.skewnessFbasics, excessKurtosis: m.excessKurtosisFbasics }),
    });
  }
  return out;
}

const reference = JSON.parse(readFileSync(new URL('test/support/reference-cases.json', ROOT), 'utf8')) as { cases: RiskCase[] };
const riskCases = reference.cases.filter((c) => c.category === 'risk_metrics');

describe('risk metrics against the R/numpy reference cases', () => {
  it('finds both risk_metrics cases in the reference file', () => {
    expect(riskCases.map((c) => c.id)).toEqual(['risk.eu_DAX.simple', 'risk.eu_EW4.simple']);
  });

  describe.each(riskCases)('$id', (c) => {
    const got = computeMetrics(c);

    it('computes every expected field of the case', () => {
      expect(Object.keys(c.expected).filter((k) => !(k in got))).toEqual([]);
    });

    it.each(Object.entries(c.expected))('%s matches within tol', (name, want) => {
      const value = got[name];
      if (want.exact) {
        expect(value).toBe(want.value);
        return;
      }
      const [abs, rel] = want.tol!;
      const target = want.value as number;
      expect(Math.abs(value! - target), `${name}: got ${value}, want ${target}`).toBeLessThanOrEqual(abs + rel * Math.abs(target));
    });
  });
});
