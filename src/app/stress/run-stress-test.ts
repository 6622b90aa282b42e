import type { Principal } from '../../core/auth/role.ts';
import type { ReportIssue } from '../../core/risk/risk-report.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import {
  nonFiniteNumbers, REPLAY_CONVENTIONS, replayHistory, runScenarios, SHOCK_BOUNDS_TEXT, STRESS_CONVENTIONS, stressedLimitMeasurements, withPriceWeightedIndex,
  type ScenarioDefinition, type Severity, type StressResult,
} from '../../core/stress/index.ts';
import type { ReplayDataSource, ReplayDataset, StressTestSummaryRow } from '../ports.ts';
import type { RiskEngineDeps } from '../risk/risk-engine-types.ts';
import { actorOf } from '../use-case-deps.ts';
import { breachKey, NO_POSITIONS_ISSUE, prepareStressInputs, STRESS_INPUT_RULES, STRESS_MARKET_CONVENTIONS, type StressInputs } from './prepare-stress-inputs.ts';
import { inlineTargets, resolveScenarios, SCENARIO_RESOLUTION_RULES, type ScenarioRequest } from './resolve-scenarios.ts';
import { knownTargets, TARGET_RULES } from './scenario-universe.ts';
import {
  breachViews, deterministicView, failedView, simulationView, type ReplayView, type ScenarioResultView, type ViewContext,
} from './stress-result-view.ts';

export interface StressDeps extends RiskEngineDeps {
  readonly replayData: ReplayDataSource;
}

export interface StressTestRequest {
  readonly scenarios?: readonly ScenarioRequest[];
  readonly severity?: Severity;
  /** Value the book as of this date (quotes and history up to it), e.g. to re-run a past test. */
  readonly valuationDate?: string;
  /** Default 10. */
  readonly worstContributorCount?: number;
  /** Default true: include the day-by-day replay path of historical replays. */
  readonly includeReplayPath?: boolean;
}

export interface StressTestResponse {
  readonly stressTestId: string;
  readonly portfolioId: string;
  readonly runAt: string;
  readonly runBy: string;
  readonly asOf: string;
  readonly valuationDate: string | null;
  readonly nav: number;
  readonly baseValue: number;
  readonly baseCurrency: string;
  readonly results: readonly ScenarioResultView[];
  /** Positions or data the test could not use (those positions are left out of every scenario). */
  readonly issues: readonly ReportIssue[];
  readonly incomplete: boolean;
  readonly conventions: Readonly<Record<string, string>>;
}

/** Which history column replays names that have no history of their own, per shipped data set. */
const REPLAY_INDEX: Readonly<Record<ReplayDataset, { symbol: string; priceWeightedOfAll: boolean; description: string }>> = {
  dowjones30: { symbol: 'DJ30-PW', priceWeightedOfAll: true, description: 'price-weighted average of the 30 Dow Jones closes (the index method, constant divisor)' },
  spisector: { symbol: 'SPI', priceWeightedOfAll: false, description: 'Swiss Performance Index' },
};

export const STRESS_TEST_CONVENTIONS = {
  ...STRESS_CONVENTIONS,
  ...STRESS_MARKET_CONVENTIONS,
  fraction: 'pnl.fraction = P&L / NAV of the live portfolio (cash + market value), NAV before the shock',
  breaches: 'the stressed portfolio measured by the limits engine (spots, option values and Greeks, NAV + P&L; VaR and covariance unchanged); newlyBreached is false for limits the live portfolio already breaches',
  simulation: 'monte-carlo scenarios: pnl = minus the expected shortfall at the scenario confidence; per-position detail and limit breaches do not apply',
  replay: `historical replays with shipped data also walk the actual day-by-day path: ${REPLAY_CONVENTIONS.spot}; names without own history follow the data set's index through their beta`,
  resolution: Object.values(SCENARIO_RESOLUTION_RULES).join('; '),
  shockBounds: SHOCK_BOUNDS_TEXT,
  targets: Object.values(TARGET_RULES).join('; '),
  inputs: Object.values(STRESS_INPUT_RULES).join('; '),
} as const;

/** Runs the requested scenarios on the portfolio by full revaluation, stores the test and returns it. */
export async function runStressTest(deps: StressDeps, actor: Principal, portfolioId: string, request: StressTestRequest): Promise<Result<StressTestResponse>> {
  if ((await deps.storage.portfolios.get(portfolioId)) === undefined) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
  const universe = await knownTargets(deps.storage, portfolioId, inlineTargets(request.scenarios));
  const scenarios = resolveScenarios({ requested: request.scenarios, severity: request.severity, custom: await deps.storage.customScenarios.list(portfolioId), universe });
  if (!scenarios.ok) return scenarios;
  const prepared = await prepareStressInputs(deps, portfolioId, request.valuationDate === undefined ? {} : { valuationDate: request.valuationDate });
  if (!prepared.ok) return prepared;
  const inputs = prepared.value;
  const { nav, valuations, portfolio, snapshot } = inputs.prepared;
  if (!(nav > 0 && Number.isFinite(nav))) return fail('NAV_NOT_POSITIVE', `NAV ${nav} is not positive; stress P&L as a fraction of NAV is undefined`);
  // a cash-only portfolio: P&L 0 is the true answer, said in so many words (not an incomplete result)
  const issues = inputs.prepared.positions.length === 0 ? [...inputs.prepared.issues, NO_POSITIONS_ISSUE(portfolioId)] : inputs.prepared.issues;

  // Deterministic scenarios run here (milliseconds); simulated ones on the Monte Carlo engine's worker threads.
  const all = scenarios.value;
  const deterministic = all.filter((s) => s.type !== 'monte-carlo');
  const runs = runScenarios({
    book: inputs.book, market: inputs.market, netAssetValue: nav, stockPositions: inputs.stockPositions, liquidityMarket: inputs.liquidityMarket,
    scenarios: deterministic, worstContributorCount: request.worstContributorCount ?? 10,
  });
  if (!runs.ok) return runs;
  // the base book is valid (runScenarios checked it), so a shocked book that is not (a spot overflowing
  // to Infinity or reaching 0 after compounding shocks) is the scenario's fault: refused like any invalid scenario
  const invalid = runs.value.flatMap((r, k) => (!r.ok && (r.error.code === 'INVALID_SCENARIO' || r.error.code === 'INVALID_BOOK')
    ? [{ i: all.indexOf(deterministic[k]!), error: r.error.code === 'INVALID_BOOK' ? { ...r.error, message: `the shocked book is invalid: ${r.error.message}` } : r.error }]
    : []));
  if (invalid.length > 0) {
    return fail('INVALID_SCENARIO', `${invalid.length} scenario(s) cannot apply to this portfolio (${invalid[0]!.error.message}); nothing was stored`,
      invalid.map(({ i, error }) => ({ path: `/scenarios/${i}`, message: error.message, details: error.details })));
  }
  const simulated = await Promise.all(all.filter((s) => s.type === 'monte-carlo').map((s) => simulate(deps, inputs, s, nav)));
  const ctx: ViewContext = { book: inputs.book, valuations, stockPositions: inputs.stockPositions, nav };
  const results: ScenarioResultView[] = [];
  let d = 0; let m = 0;
  for (const scenario of all) {
    if (scenario.type === 'monte-carlo') { results.push(simulated[m++]!); continue; }
    const run = runs.value[d++]!;
    if (!run.ok) { results.push(failedView(scenario, run.error)); continue; }
    if (run.value.kind !== 'deterministic') continue;
    const view = deterministicView(ctx, run.value.result, breachesOf(inputs, run.value.result, nav));
    const replay = scenario.replay?.ownHistory === undefined ? undefined : await replayView(deps.replayData, inputs, scenario, nav, request.includeReplayPath ?? true);
    results.push(replay === undefined ? view : { ...view, replay });
  }

  const runAt = deps.clock.now().toISOString();
  const response: StressTestResponse = {
    stressTestId: deps.ids.newId('st'), portfolioId, runAt, runBy: actorOf(actor), asOf: snapshot.asOf, valuationDate: request.valuationDate ?? null,
    nav, baseValue: valuations.reduce((s, v) => s + (v.status === 'ok' ? v.marketValue : 0), 0), baseCurrency: portfolio.baseCurrency,
    results, issues, incomplete: inputs.prepared.issues.length > 0, conventions: STRESS_TEST_CONVENTIONS,
  };
  const notFinite = nonFiniteResult(response);
  if (notFinite !== null) return notFinite;
  const summary: StressTestSummaryRow[] = results.map((r) => ({
    scenarioId: r.scenarioId, name: r.name, type: r.type, severity: r.severity,
    pnlAmount: r.pnl?.amount ?? null, pnlFraction: r.pnl?.fraction ?? null, breachCount: r.breaches === null ? null : r.breaches.length,
  }));
  await deps.storage.transaction(async (tx) => {
    await tx.stressTests.insert({
      id: response.stressTestId, portfolioId, runAt, runBy: response.runBy, valuationDate: response.valuationDate, request, summary, results: response,
    });
    await tx.audit.append({
      actor: response.runBy, eventType: 'stress-test.run', subject: `stress-test:${portfolioId}/${response.stressTestId}`,
      payload: { scenarios: summary.map((s) => s.scenarioId), worst: Math.min(0, ...summary.map((s) => s.pnlAmount ?? 0)) },
    });
  });
  return ok(response);
}

/**
 * A stored test is read back through the response schema, and JSON cannot carry NaN or Infinity:
 * a result with such a number (shocks that compound beyond floating point, each within bounds) is
 * refused before anything is stored, as INVALID_SCENARIO on the scenarios that produced it.
 */
function nonFiniteResult(response: StressTestResponse): Result<never> | null {
  const bad = response.results.flatMap((r, i) => {
    const paths = nonFiniteNumbers(r, 5);
    return paths.length === 0 ? [] : [{ path: `/scenarios/${i}`, message: `scenario ${r.scenarioId} gives numbers that are not finite (${paths.join(', ')}); its shocks compound beyond what can be valued` }];
  });
  if (bad.length > 0) return fail('INVALID_SCENARIO', `${bad.length} scenario(s) give results that are not finite numbers (${bad[0]!.message}); nothing was stored`, bad);
  const rest = nonFiniteNumbers({ ...response, results: [] }, 5);
  if (rest.length > 0) return fail('NON_FINITE_RESULT', `the stress test gives numbers that are not finite (${rest.join(', ')}); nothing was stored`, rest.map((p) => ({ path: p, message: 'not a finite number' })));
  return null;
}

async function simulate(deps: StressDeps, inputs: StressInputs, scenario: ScenarioDefinition, nav: number): Promise<ScenarioResultView> {
  if (scenario.simulation === undefined) return failedView(scenario, { code: 'INVALID_SCENARIO', message: `scenario ${scenario.id} has no simulation settings` });
  if (inputs.book.underlyings.length === 0) return noPositionsSimulationView(scenario);
  if (inputs.dailyCovariance === null) return failedView(scenario, { code: 'HISTORY_UNAVAILABLE', message: 'a simulated scenario needs the daily covariance of every underlying; some lack history' });
  const r = await deps.monteCarlo.runStress({ book: inputs.book, dailyCovariance: inputs.dailyCovariance, spec: scenario.simulation, netAssetValue: nav });
  if (!r.ok) return failedView(scenario, r.error);
  const loss = r.value.headlineLoss;
  return simulationView({ scenarioId: scenario.id, name: scenario.name, type: scenario.type, severity: scenario.severity, pnl: { amount: -loss.amount, fractionOfNav: -loss.fractionOfNav }, simulation: r.value });
}

/** A cash-only book: every simulated path loses 0, so there is nothing to simulate (the response carries NO_POSITIONS). */
function noPositionsSimulationView(scenario: ScenarioDefinition): ScenarioResultView {
  const { error: _none, ...empty } = failedView(scenario, { code: 'NO_POSITIONS', message: '' });
  return {
    ...empty, status: 'ok',
    pnl: { amount: 0, fraction: 0 }, revaluationPnl: 0, liquidityCost: 0, horizonDays: scenario.simulation?.horizonDays ?? null,
    breachesUnavailable: { code: 'NO_POSITIONS', message: 'the portfolio holds no positions: every simulated path has a P&L of 0, so nothing was simulated' },
  };
}

function breachesOf(inputs: StressInputs, result: StressResult, nav: number): Pick<ScenarioResultView, 'breaches' | 'breachesUnavailable'> {
  const state = inputs.limitState;
  if (!state.ok) return { breaches: null, breachesUnavailable: { code: state.error.code, message: state.error.message } };
  if (!(nav + result.pnl.amount > 0)) {
    return { breaches: null, breachesUnavailable: { code: 'NAV_EXHAUSTED', message: `the scenario loses ${(-result.pnl.amount).toFixed(2)}, at least the whole NAV; every limit in % of NAV is meaningless` } };
  }
  const m = stressedLimitMeasurements({ input: state.value.input, book: state.value.book, result });
  if (!m.ok) return { breaches: null, breachesUnavailable: { code: m.error.code, message: m.error.message } };
  return { breaches: breachViews(m.value, state.value.breachedBefore, breachKey) };
}

async function replayView(source: ReplayDataSource, inputs: StressInputs, scenario: ScenarioDefinition, nav: number, includePath: boolean): Promise<ReplayView | { unavailable: { code: string; message: string } }> {
  const own = scenario.replay!.ownHistory!;
  const loaded = await source.load(own.dataset);
  if (loaded === null) return { unavailable: { code: 'REPLAY_DATA_UNAVAILABLE', message: `the shipped data set ${own.dataset} could not be read` } };
  const index = REPLAY_INDEX[own.dataset];
  const history = index.priceWeightedOfAll ? withPriceWeightedIndex({ history: loaded, symbol: index.symbol, members: Object.keys(loaded.closes) }) : loaded;
  const r = replayHistory({ book: inputs.book, netAssetValue: nav, history, from: own.from, to: own.to, marketIndex: { symbol: index.symbol, betas: inputs.betas } });
  if (!r.ok) return { unavailable: { code: r.error.code, message: r.error.message } };
  return {
    dataset: own.dataset, from: r.value.from, to: r.value.to, worst: r.value.worst, end: r.value.end, sources: r.value.sources,
    path: includePath ? r.value.path : [], conventions: { ...r.value.conventions, index: `${index.symbol}: ${index.description}` } as ReplayView['conventions'],
  };
}
