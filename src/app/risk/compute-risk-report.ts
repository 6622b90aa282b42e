import { isCalendarDate } from '../../core/shared/calendar-date.ts';
import { INVALID_INPUT } from '../../core/shared/input-problem.ts';
import type { NavPoint } from '../../core/portfolio/portfolio.ts';
import { aggregateGreeks } from '../../core/risk/aggregate-greeks.ts';
import { positionExposure } from '../../core/risk/exposures.ts';
import { buildRevaluationBook } from '../../core/risk/build-revaluation-book.ts';
import { concentration as computeConcentration } from '../../core/risk/concentration.ts';
import { correlationRisk } from '../../core/risk/correlation-risk.ts';
import { exposures as computeExposures } from '../../core/risk/exposures.ts';
import { alignHistory } from '../../core/risk/history-window.ts';
import { liquidityRisk } from '../../core/risk/liquidity-risk.ts';
import type { MonteCarloDistribution } from '../../core/risk/monte-carlo-types.ts';
import { navPerformance } from '../../core/risk/nav-performance.ts';
import { riskLevel } from '../../core/risk/risk-level.ts';
import { RISK_REPORT_CONVENTIONS, type ReportIssue, type RiskReport } from '../../core/risk/risk-report.ts';
import { valuePositions } from '../../core/risk/value-positions.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { Clock, Stores } from '../ports.ts';
import type { LoadedRiskInputs, PreparedRiskInputs, RiskEngineDeps, RiskReportOptions, RiskSettings } from './risk-engine-types.ts';

export type { LoadedRiskInputs } from './risk-engine-types.ts';
import { loadMarketSnapshot, type LoadedSnapshot } from './load-market-snapshot.ts';
import { isInformationalIssue, varByMethod, type VarRun } from './var-by-method.ts';

const ALL_HISTORY_DAYS = 100_000;
/** Days of daily NAV read for drawdown and realised measures (about 20 years of trading days). */
const NAV_HISTORY_DAYS = 7_500;
/** With a valuation date, a close more than this many calendar days before it is stale (a long weekend with a holiday is 4). */
const STALE_CLOSE_DAYS = 5;

function distributionOf(o: RiskReportOptions, s: RiskSettings): MonteCarloDistribution {
  const name = o.distribution ?? s.monteCarlo.distribution;
  const df = o.df ?? s.monteCarlo.degreesOfFreedom;
  return name === 'normal' ? { kind: 'normal' } : name === 'student-t' ? { kind: 'student-t', degreesOfFreedom: df } : { kind: 't-copula', degreesOfFreedom: df };
}

/** Reads the portfolio, its positions and NAV history, and the market snapshot. */
export async function loadRiskInputs(deps: { readonly storage: Stores; readonly clock: Clock; readonly risk: RiskSettings }, portfolioId: string, options: RiskReportOptions = {}): Promise<Result<LoadedRiskInputs>> {
  const s = deps.risk;
  if (options.valuationDate !== undefined && !isCalendarDate(options.valuationDate)) {
    return fail(INVALID_INPUT, `valuationDate "${options.valuationDate}" is not a calendar date`, [{ path: 'valuationDate', message: 'must be a calendar date YYYY-MM-DD' }]);
  }
  if (options.valuationDate !== undefined && options.valuationDate > deps.clock.now().toISOString().slice(0, 10)) {
    return fail(INVALID_INPUT, `valuationDate ${options.valuationDate} is in the future`, [{ path: 'valuationDate', message: 'must be today or earlier (UTC)' }]);
  }
  const stored = await deps.storage.portfolios.get(portfolioId);
  if (stored === undefined) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);
  const lookbackDays = options.lookbackDays === 'all' ? ALL_HISTORY_DAYS : options.lookbackDays ?? s.lookbackDays;
  const horizonDays = options.horizonDays ?? 1;
  const now = deps.clock.now();
  // NAV measures are daily (the last point of each UTC day), as of the valuation date when one is given
  const navRange = { days: NAV_HISTORY_DAYS, ...(options.valuationDate === undefined ? {} : { to: `${options.valuationDate}T23:59:59.999Z` }) };
  const [positionsStored, navDaily] = await Promise.all([deps.storage.positions.list(portfolioId), deps.storage.navHistory.dailyLast(portfolioId, navRange)]);
  // A portfolio whose history starts on the valuation day: its first point of that day is the
  // day's opening NAV (the daily-loss limit's base), kept before that day's last point.
  const day = options.valuationDate ?? now.toISOString().slice(0, 10);
  const dayStart = `${day}T00:00:00.000Z`;
  const opening = navDaily.length > 0 && navDaily.every((p) => p.at >= dayStart)
    ? await deps.storage.navHistory.firstBetween(portfolioId, { from: dayStart, before: (navDaily[0] as NavPoint).at })
    : undefined;
  const navPoints = opening === undefined ? navDaily : [opening, ...navDaily];
  const positions = options.positions ?? positionsStored;
  const portfolio = { ...stored, cash: options.cash ?? stored.cash };
  const loaded = await loadMarketSnapshot(deps.storage, {
    positions, benchmarkSymbol: portfolio.benchmarkSymbol, baseCurrency: portfolio.baseCurrency, now, lookbackDays: lookbackDays + horizonDays - 1,
    ...(options.valuationDate === undefined ? {} : { valuationDate: options.valuationDate }),
  });
  return ok({ portfolio, positions, navPoints, loaded, lookbackDays, horizonDays });
}

/** Values the positions and aligns the history: everything before any VaR method runs. Pure. */
export function prepareFromLoaded(s: RiskSettings, inputs: LoadedRiskInputs): PreparedWithSnapshot {
  const { portfolio, positions, navPoints, loaded, lookbackDays, horizonDays } = inputs;
  const { snapshot } = loaded;
  const { valuations, markets } = valuePositions(positions, snapshot, { lookbackDays, minHistoryReturns: s.minHistoryReturns });
  const issues: ReportIssue[] = valuations.flatMap((v) => (v.status === 'failed' ? [{ code: v.error.code, scope: v.positionId, message: v.error.message }] : []));
  const marketValue = valuations.reduce((sum, v) => sum + (v.status === 'ok' ? v.marketValue : 0), 0);
  const nav = portfolio.cash + marketValue;
  const book = buildRevaluationBook({ positions, valuations, rate: snapshot.rate ?? 0, markets });
  const window = alignHistory({ symbols: book.underlyings, history: snapshot.history, lookbackDays: lookbackDays + horizonDays - 1, minReturns: s.minHistoryReturns });
  for (const m of window.missing) issues.push({ code: 'HISTORY_UNAVAILABLE', scope: m.symbol, message: `${m.closes} daily closes; at least ${s.minHistoryReturns + 1} are needed for history-based measures` });
  return { portfolio, positions, snapshot, valuations, book, window, nav, issues, loaded, navPoints, markets };
}

/** Loads the snapshot and values the positions: everything before any VaR method runs. */
export async function prepareRiskInputs(deps: RiskEngineDeps, portfolioId: string, options: RiskReportOptions = {}): Promise<Result<PreparedWithSnapshot>> {
  const inputs = await loadRiskInputs(deps, portfolioId, options);
  return inputs.ok ? ok(prepareFromLoaded(deps.risk, inputs.value)) : inputs;
}

/**
 * The current risk report of a portfolio: valuation and Greeks, exposures, VaR/ES by method,
 * drawdown, volatility, beta, ratios, concentration, liquidity, correlation and the risk level.
 * Missing inputs fail only the affected cells (listed in `issues`, `incomplete: true`).
 */
export async function computeRiskReport(deps: RiskEngineDeps, portfolioId: string, options: RiskReportOptions = {}): Promise<Result<RiskReport>> {
  if (deps.computer !== undefined) {
    const inputs = await loadRiskInputs(deps, portfolioId, options);
    if (!inputs.ok) return inputs;
    const { positions: _positions, cash: _cash, ...reportOptions } = options;
    const out = await deps.computer.compute({ settings: deps.risk, now: deps.clock.now().toISOString(), inputs: inputs.value, gate: null, options: reportOptions, reportAs: 'object' });
    if (out.report === undefined) return fail('INTERNAL_ERROR', 'the report computer returned no report');
    return ok(out.report);
  }
  const prep = await prepareRiskInputs(deps, portfolioId, options);
  if (!prep.ok) return prep;
  return ok(await assembleRiskReport(deps, prep.value, options));
}

/** What report assembly uses: settings, the valuation instant and the Monte Carlo engine (no storage). */
export type ReportComputeDeps = Pick<RiskEngineDeps, 'risk' | 'clock' | 'monteCarlo'>;

export type PreparedWithSnapshot = PreparedRiskInputs & { loaded: LoadedSnapshot; navPoints: NavPoint[]; markets: ReturnType<typeof valuePositions>['markets'] };

/** Runs the VaR methods and every other measure on prepared inputs. */
export async function assembleRiskReport(deps: ReportComputeDeps, prepared: PreparedWithSnapshot, options: RiskReportOptions = {}): Promise<RiskReport> {
  const s = deps.risk;
  const { portfolio, snapshot, valuations, window, nav, loaded, navPoints, markets } = prepared;
  const issues = [...prepared.issues];
  const horizonDays = options.horizonDays ?? 1;
  const now = deps.clock.now();
  const portfolioIdOut = portfolio.id;
  const marketValue = nav - portfolio.cash;

  const run: VarRun = await varByMethod(deps, prepared, {
    method: options.method ?? 'hybrid', horizonDays, ageOptions: options.ageOptions ?? true,
    paths: options.paths ?? s.monteCarlo.paths, seed: options.seed ?? s.monteCarlo.seed, distribution: distributionOf(options, s),
  });
  issues.push(...run.issues);

  const benchmark = portfolio.benchmarkSymbol;
  const greeks = aggregateGreeks(valuations);
  const exposures = computeExposures(valuations, nav);
  const rfAnnual = snapshot.rate === null ? 0 : Math.expm1(snapshot.rate);
  // The current NAV joins the NAV history when it covers every position (a failed VaR cell or beta does not make it wrong).
  const navComplete = valuations.every((v) => v.status === 'ok');
  const navPerf = navPerformance({ points: navPoints, currentNav: navComplete ? nav : null, currentAt: snapshot.asOf, rfAnnual, minReturns: s.minHistoryReturns });
  const exAnte = run.holdingsStats;
  const usesNav = navPerf.realizedVolatilityAnnualized !== null;
  const betaBench = benchmark === null ? null : markets.get(benchmark)?.spot ?? snapshot.quotes.get(benchmark)?.last ?? null;
  const betas = run.betaByUnderlying;
  let betaDollars: number | null = null;
  if (benchmark !== null && betas !== null) {
    betaDollars = 0;
    for (const [u, t] of Object.entries(greeks.byUnderlying)) betaDollars += t.dollarDelta * (betas.get(u) ?? 1);
  }
  const dollarDelta = Float64Array.from(window.symbols, (u) => greeks.byUnderlying[u]?.dollarDelta ?? 0);
  const quoteSpread = new Map<string, number>();
  for (const q of snapshot.quotes.values()) if (q.bid !== null && q.ask !== null && q.ask >= q.bid) quoteSpread.set(q.instrumentKey, 0.5 * (q.ask - q.bid));
  const adv = new Map<string, number>();
  for (const r of snapshot.reference.values()) if (r.averageDailyVolume !== null) adv.set(r.symbol, r.averageDailyVolume);
  const liquidity = liquidityRisk({ valuations, averageDailyVolume: adv, halfSpread: quoteSpread, ...s.liquidity });
  const valued = valuations.filter((v) => v.status === 'ok');
  const conc = computeConcentration({
    positionExposures: Float64Array.from(valued, positionExposure), positionLabels: valued.map((v) => v.positionId),
    underlyingLabels: valued.map((v) => v.underlying), sectorLabels: valued.map((v) => v.sector), strategyLabels: valued.map((v) => v.strategy),
  });
  const concentration = conc.ok ? conc.value : null;
  const level = riskLevel({
    var95FractionOfNav: run.var[run.hybrid.method ?? '']?.['0.95']?.fraction ?? null,
    currentDrawdown: navPerf.currentDrawdown, concentrationHhi: concentration?.byUnderlying?.hhi ?? null,
    leverage: exposures.leverage, liquidityDays: liquidity.weightedDaysToLiquidate,
  }, s.riskLevel, usesNav ? navPerf.realizedVolatilityAnnualized : exAnte.volatilityAnnualized);
  // The age of the oldest input at the valuation time: now for a live report; the valuation
  // date's close for a historical one, where a close more than a long weekend older is stale.
  const historical = options.valuationDate !== undefined;
  const inputAgeSeconds = loaded.inputsAsOf === null ? null : ((historical ? Date.parse(snapshot.asOf) : now.getTime()) - Date.parse(loaded.inputsAsOf)) / 1000;
  const staleAfterSeconds = historical ? STALE_CLOSE_DAYS * 86_400 : s.staleAfterSeconds;
  const stale = inputAgeSeconds !== null && inputAgeSeconds > staleAfterSeconds;
  if (stale) {
    issues.push(historical
      ? { code: 'MARKET_DATA_STALE', scope: 'inputs', message: `the oldest close used is from ${loaded.inputsAsOf?.slice(0, 10) ?? ''}, ${Math.round((inputAgeSeconds ?? 0) / 86_400)} days before the valuation date (limit ${STALE_CLOSE_DAYS})` }
      : { code: 'MARKET_DATA_STALE', scope: 'inputs', message: `oldest quote used is ${Math.round(inputAgeSeconds ?? 0)} s old (limit ${s.staleAfterSeconds} s)` });
  }

  return {
    portfolioId: portfolioIdOut, baseCurrency: portfolio.baseCurrency, asOf: snapshot.asOf, inputsAsOf: loaded.inputsAsOf, inputAgeSeconds, stale,
    incomplete: issues.some((i) => i.code !== 'MARKET_DATA_STALE' && !isInformationalIssue(i)), navComplete, issues,
    nav, cash: portfolio.cash, marketValue, positions: valuations,
    greeks: { ...greeks, betaWeightedDelta: { benchmark, dollars: betaDollars, benchmarkUnits: betaDollars !== null && betaBench ? betaDollars / betaBench : null } },
    exposures, var: run.var, es: run.es, methods: run.methods, hybrid: run.hybrid,
    drawdown: { maxDrawdown: navPerf.maxDrawdown, currentDrawdown: navPerf.currentDrawdown, peakNav: navPerf.peakNav, observations: navPerf.observations },
    volatility: { exAnteAnnualized: exAnte.volatilityAnnualized, realizedAnnualized: navPerf.realizedVolatilityAnnualized },
    beta: exAnte.beta, sharpe: usesNav ? navPerf.sharpe : exAnte.sharpe, sortino: usesNav ? navPerf.sortino : exAnte.sortino,
    performanceBasis: usesNav ? 'nav-history' : exAnte.volatilityAnnualized !== null ? 'current-holdings-over-lookback' : null,
    concentration, liquidity,
    correlation: correlationRisk({ window, dollarDelta, shortWindow: 21 }),
    riskLevel: level,
    conventions: RISK_REPORT_CONVENTIONS,
  };
}

