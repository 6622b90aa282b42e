import type { NavPoint } from '../portfolio/portfolio.ts';
import { drawdownAnalysis } from '../stats/drawdown-analysis.ts';
import { annualizedVolatility, sharpeRatio, sortinoRatio } from '../stats/performance-ratios.ts';

export interface NavPerformance {
  /** Number of NAV observations used (one per calendar day: the last of each day). */
  readonly observations: number;
  /** Positive fractions from the NAV history (the wealth index of daily NAV returns). */
  readonly maxDrawdown: number | null;
  readonly currentDrawdown: number | null;
  readonly peakNav: number | null;
  readonly realizedVolatilityAnnualized: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Drawdowns and realised ratios from the portfolio's NAV history plus the current NAV, on daily
 * points (the last NAV of each UTC day), so a 5-second monitoring cadence does not distort them.
 * Ratios need `minReturns` daily returns, else null.
 */
export function navPerformance(args: { points: readonly NavPoint[]; currentNav: number | null; currentAt: string; rfAnnual: number; minReturns: number }): NavPerformance {
  const daily = new Map<string, number>();
  for (const p of args.points) if (p.nav > 0) daily.set(p.at.slice(0, 10), p.nav);
  if (args.currentNav !== null && args.currentNav > 0) daily.set(args.currentAt.slice(0, 10), args.currentNav);
  const navs = [...daily.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const empty = { observations: navs.length, maxDrawdown: null, currentDrawdown: null, peakNav: null, realizedVolatilityAnnualized: null, sharpe: null, sortino: null };
  if (navs.length < 2) return { ...empty, peakNav: navs[0] ?? null, maxDrawdown: navs.length === 1 ? 0 : null, currentDrawdown: navs.length === 1 ? 0 : null };
  const returns = new Float64Array(navs.length - 1);
  for (let i = 1; i < navs.length; i++) returns[i - 1] = (navs[i] as number) / (navs[i - 1] as number) - 1;
  const dd = drawdownAnalysis(returns);
  const peakNav = Math.max(...navs);
  const last = navs[navs.length - 1] as number;
  const enough = returns.length >= args.minReturns;
  return {
    observations: navs.length, maxDrawdown: dd.maxDrawdown, currentDrawdown: 1 - last / peakNav, peakNav,
    realizedVolatilityAnnualized: enough ? finiteOrNull(annualizedVolatility({ returns, periodsPerYear: 252 })) : null,
    sharpe: enough ? finiteOrNull(sharpeRatio({ returns, rfAnnual: args.rfAnnual, periodsPerYear: 252 }).annualized) : null,
    sortino: enough ? finiteOrNull(sortinoRatio({ returns, periodsPerYear: 252 }).annualized) : null,
  };
}
