import { scenarioGrid, type ScenarioGrid } from '../../core/risk/scenario-grid.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { prepareRiskInputs } from './compute-risk-report.ts';
import type { RiskEngineDeps } from './risk-engine-types.ts';

/**
 * P&L grid like a broker's risk navigator: spot moves -30 %..+30 % of one underlying, or of the
 * market with each underlying moved by its beta, against relative volatility moves -50 %..+100 %,
 * now and one day later; every option revalued in full.
 */
export async function computeScenarioGrid(deps: RiskEngineDeps, portfolioId: string, target: { underlying: string } | { market: true }, options: { valuationDate?: string } = {}): Promise<Result<ScenarioGrid & { target: string; betas: Record<string, number> | null; issues: unknown[]; conventions: Record<string, string> }>> {
  const prep = await prepareRiskInputs(deps, portfolioId, options);
  if (!prep.ok) return prep;
  const { book, snapshot } = prep.value;
  let betas: Float64Array | null = null;
  if ('underlying' in target) {
    if (!book.underlyings.includes(target.underlying)) return fail('UNDERLYING_NOT_HELD', `no valued position on ${target.underlying}`);
  } else {
    betas = Float64Array.from(book.underlyings, (u) => snapshot.reference.get(u)?.beta ?? 1);
  }
  const grid = scenarioGrid({ book, target: 'underlying' in target ? target : { market: true, betas: betas as Float64Array } });
  return ok({
    ...grid, target: 'underlying' in target ? target.underlying : 'market', asOf: snapshot.asOf,
    betas: betas === null ? null : Object.fromEntries(book.underlyings.map((u, i) => [u, betas?.[i] ?? 1])),
    issues: prep.value.issues,
    conventions: {
      spotMoves: "relative: S' = S (1 + move); market moves scale each underlying by its beta (reference data; 1 when unknown)",
      volMoves: "relative: sigma' = sigma (1 + move), floored at 0",
      pnl: 'full revaluation (European BSM, American Bjerksund-Stensland 2002) minus the base value, base currency; pnlNextDay ages options by one calendar day',
    },
  });
}
