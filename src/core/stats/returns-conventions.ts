/**
 * The `conventions` block of the returns-analysis response: every choice behind its numbers,
 * stated in the response itself (see docs: "a risk number without its convention is a rumour").
 */
import type { ParsedReturnsInput } from './analyze-returns-input.ts';

export interface ReturnsConventions {
  readonly returnType: 'simple' | 'log';
  readonly returnDefinition: string;
  readonly portfolio: { readonly columns: readonly string[]; readonly weights: Readonly<Record<string, number>>; readonly rebalance: string; readonly definition: string };
  readonly missingData: { readonly policy: 'reject' | 'drop-rows'; readonly droppedRows: number };
  readonly periodsPerYear: number;
  readonly horizonPeriods: 1;
  readonly sdDenominator: 'n-1';
  readonly moments: string;
  readonly lossSign: string;
  readonly quantileMethod: 'type7' | 'type1';
  readonly historicalVar: string;
  readonly esMethod: 'acerbi-tasche' | 'tail-mean';
  readonly historicalEs: string;
  readonly gaussian: string;
  readonly cornishFisher: string;
  readonly annualizedReturn: string;
  readonly annualizedVolatility: string;
  readonly totalReturnAndCagr: string;
  readonly riskFree: { readonly rfAnnual: number; readonly perPeriod: number; readonly conversion: string; readonly usedIn: string };
  readonly sharpe: string;
  readonly sortino: { readonly mar: 0; readonly denominator: 'all n observations'; readonly definition: string };
  readonly downsideDeviation: string;
  readonly omega: { readonly threshold: 0; readonly definition: string };
  readonly drawdown: string;
  readonly calmar: string;
  readonly recoveryFactor: string;
  readonly painAndUlcer: string;
  readonly benchmark?: { readonly column: string; readonly definition: string };
  readonly hhi: string;
  readonly undefinedValues: string;
}

const QUANTILES = {
  type7: 'R type 7 / numpy linear / Excel PERCENTILE.INC: h = (n-1)a, linear between order statistics',
  type1: 'R type 1 / numpy inverted_cdf: x_(ceil(n a)), the inverse empirical CDF',
} as const;
const ES = {
  'acerbi-tasche': '(1/(n a)) [sum of the floor(n a) worst returns + (n a - floor(n a)) x the next one], negated',
  'tail-mean': 'mean of the ceil(n a) worst returns, negated',
} as const;

export function returnsConventions(p: ParsedReturnsInput): ReturnsConventions {
  const perPeriod = p.rfAnnual / p.periodsPerYear;
  const total = p.weights.reduce((a, b) => a + b, 0);
  return {
    returnType: p.returnType,
    returnDefinition:
      p.returnType === 'simple' ? 'R_t = P_t / P_(t-1) - 1 (portfolio: see portfolio.definition)' : 'ln(1 + R_p,t) of the simple portfolio return, never a weighted sum of log returns',
    portfolio: {
      columns: p.columns,
      weights: Object.fromEntries(p.columns.map((c, i) => [c, p.weights[i]! / total])),
      rebalance: p.rebalance,
      definition:
        p.rebalance === 'daily'
          ? 'weights normalised to sum 1 and restored every period: R_p = sum_i w_i R_i'
          : 'buy-and-hold from the first date: V_t = sum_i w_i P_i,t / P_i,0, R_p = V_t / V_(t-1) - 1 (weights drift)',
    },
    missingData: { policy: p.dropMissing ? 'drop-rows' : 'reject', droppedRows: p.droppedRows },
    periodsPerYear: p.periodsPerYear,
    horizonPeriods: 1,
    sdDenominator: 'n-1',
    moments: 'skewness m3/m2^1.5 and excessKurtosis m4/m2^2 - 3 are population moments (m_k = mean of (x - mean)^k)',
    lossSign: `VaR and ES are positive loss fractions of portfolio value over one period, in ${p.returnType}-return units; keys are confidence levels, a = 1 - confidence`,
    quantileMethod: p.quantileMethod,
    historicalVar: `-Q(a), Q = ${QUANTILES[p.quantileMethod]}`,
    esMethod: p.esMethod,
    historicalEs: ES[p.esMethod],
    gaussian: 'VaR = -(mean + z_a sd), ES = -(mean - sd phi(z_a) / a), sample mean and n-1 sd, z_a = Phi^-1(a)',
    cornishFisher: 'VaR = -(mean + z_cf sd), z_cf = z + (z^2-1)S/6 + (z^3-3z)K/24 - (2z^3-5z)S^2/36 with population skewness S and excess kurtosis K, sd n-1',
    annualizedReturn: 'arithmetic: periodsPerYear x mean',
    annualizedVolatility: 'sd x sqrt(periodsPerYear)',
    totalReturnAndCagr: 'simple-return wealth index W (W_0 = 1): totalReturn = W_n - 1, cagr = W_n^(periodsPerYear / n) - 1',
    riskFree: { rfAnnual: p.rfAnnual, perPeriod, conversion: 'rfAnnual / periodsPerYear', usedIn: 'sharpe and alpha' },
    sharpe: 'annualised: (mean - rf per period) / sd x sqrt(periodsPerYear)',
    sortino: { mar: 0, denominator: 'all n observations', definition: 'annualised: mean / downsideDeviation x sqrt(periodsPerYear)' },
    downsideDeviation: 'per period: sqrt(sum min(R, 0)^2 / n) over all n observations, MAR 0',
    omega: { threshold: 0, definition: 'sum max(R, 0) / sum max(-R, 0) of per-period returns' },
    drawdown:
      'on the simple-return wealth index starting at 1 on the first date; depth positive; periods count returns; ' +
      'peak = last running high before the trough, recovery = first date back at the peak (null if none); ' +
      'longestUnderwaterPeriods runs from the last high to recovery, or to the last date if still under water',
    calmar: 'cagr / maxDrawdown.depth over the whole sample',
    recoveryFactor: 'totalReturn / maxDrawdown.depth',
    painAndUlcer: 'painIndex = mean |DD_t|, ulcerIndex = sqrt(mean DD_t^2), t = 1..n, fractions',
    ...(p.benchmark === undefined
      ? {}
      : {
          benchmark: {
            column: p.benchmark.name,
            definition:
              'from simple returns: beta = cov(R_p, R_b) / var(R_b) (both n-1), correlation Pearson, ' +
              'alpha = Jensen alpha annualised: periodsPerYear x (mean(R_p - rf) - beta mean(R_b - rf))',
          },
        }),
    hhi: 'sum of squared target weights |w_i| / sum |w_j| (1/N equal weights, 1 for one asset)',
    undefinedValues: 'null where a measure is undefined for the sample (zero or missing denominator)',
  };
}
