/**
 * Historical-simulation VaR and Expected Shortfall by FULL revaluation (CONVENTIONS.md):
 * scenario t moves the spot of underlying u to S_u exp(r[t, u]) (r = historical daily log returns),
 * ages every option by `horizonDays` calendar days (tau' = tau - horizonDays / 365) and, unless
 * shocks are given, keeps volatilities and rates. Every option is repriced in every scenario:
 * European ones (and American ones where early exercise never pays) by BSM, other American ones
 * by Bjerksund-Stensland 2002; the base value uses the same method. Stocks are linear, so their
 * P&L is netted per underlying: stockUnits x S x (e^r - 1), exactly.
 *
 * The spot moves are the given returns as they are (one historical day per scenario; no
 * sqrt-of-time scaling); `horizonDays` only ages the options. Losses are positive.
 */
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { SpotMovePanel } from './option-scenario-pnl.ts';
import { addOptionScenarioPnl } from './option-scenario-pnl.ts';
import { buildOptionScenarioTable, REVALUATION_PATH } from './option-scenario-table.ts';
import type { TailConventions, TailMeasure } from './pnl-tail-measures.ts';
import { DEFAULT_TAIL_CONVENTIONS, pnlTailMeasures, worstScenarioIndex } from './pnl-tail-measures.ts';
import type { RevaluationBook } from './revaluation-book.ts';
import type { ScenarioMarketShocks } from './shocked-option-scenario-pnl.ts';
import { addShockedOptionScenarioPnl } from './shocked-option-scenario-pnl.ts';
import { validateRevaluationBook } from './validate-revaluation-book.ts';

export interface HistoricalFullRevaluationInput {
  readonly book: RevaluationBook;
  /** Daily log returns, scenarioCount x underlyings row-major, columns in book.underlyings order. */
  readonly logReturns: Float64Array;
  readonly scenarioCount: number;
  /** Positive currency amount the loss fractions refer to. */
  readonly netAssetValue: number;
  /** Default [0.95, 0.99]; each gets VaR and ES. */
  readonly confidences?: readonly number[];
  /** Calendar days of option ageing; default 1. */
  readonly horizonDays?: number;
  readonly conventions?: TailConventions;
  readonly shocks?: ScenarioMarketShocks;
  /** Also return each option's P&L in each scenario (optionCount x scenarioCount), for contributions. */
  readonly includeOptionScenarioPnl?: boolean;
}

export interface HistoricalFullRevaluationVar {
  readonly method: 'historical-simulation-full-revaluation';
  readonly conventions: TailConventions & {
    readonly losses: 'positive';
    readonly horizonDays: number;
    readonly spotMove: 'S * exp(logReturn)';
    readonly optionAgeing: 'timeToExpiryYears - horizonDays / 365';
    readonly volatility: 'unchanged' | 'multiplier' | 'additive';
    readonly rates: 'unchanged' | 'additive-bp';
    readonly pricing: { readonly european: 'bsm'; readonly american: 'bjerksund-stensland-2002' };
  };
  readonly scenarioCount: number;
  readonly worstScenarioIndex: number;
  readonly measures: readonly TailMeasure[];
  /** Total, stock and option P&L per scenario, currency. */
  readonly scenarioPnl: Float64Array;
  readonly stockScenarioPnl: Float64Array;
  readonly optionScenarioPnl: Float64Array;
  /** Row j = option j of the book, when requested. */
  readonly optionPnlByScenario?: Float64Array;
  /** American options repriced by Bjerksund-Stensland 2002 (the rest by BSM). */
  readonly americanOptionCount: number;
}

export type HistoricalFullRevaluationErrorCode = 'INVALID_BOOK' | 'INVALID_SCENARIOS' | 'INVALID_PARAMETERS';

export function historicalVarFullRevaluation(
  input: HistoricalFullRevaluationInput,
): Result<HistoricalFullRevaluationVar, HistoricalFullRevaluationErrorCode> {
  const { book, scenarioCount: scenarios, confidences = [0.95, 0.99], horizonDays = 1, shocks } = input;
  const conventions = input.conventions ?? DEFAULT_TAIL_CONVENTIONS;
  const valid = validateRevaluationBook(book);
  if (!valid.ok) return valid;
  const problem = inputProblem(input, confidences, horizonDays);
  if (problem !== null) return fail(problem[0], problem[1]);

  const panel = spotMovePanel(input.logReturns, scenarios, book.underlyings.length);
  const stockPnl = stockScenarioPnl(book, panel);
  const optionPnl = new Float64Array(scenarios);
  const table = buildOptionScenarioTable({ book, horizonYears: horizonDays / 365 });
  const perOption = input.includeOptionScenarioPnl === true ? new Float64Array(table.count * scenarios) : undefined;
  const shocked = shocks !== undefined && (shocks.volatility !== undefined || shocks.rateShiftBp !== undefined);
  const common = { book, table, panel, pnl: optionPnl, ...(perOption === undefined ? {} : { perOption }) };
  if (shocked) addShockedOptionScenarioPnl({ ...common, shocks });
  else addOptionScenarioPnl(common);

  const pnl = new Float64Array(scenarios);
  for (let t = 0; t < scenarios; t++) pnl[t] = stockPnl[t]! + optionPnl[t]!;
  let americanOptionCount = 0;
  for (let j = 0; j < table.count; j++) {
    if (shocked ? book.optionIsAmerican[j] === 1 : table.path[j] === REVALUATION_PATH.AMERICAN) americanOptionCount++;
  }
  return ok({
    method: 'historical-simulation-full-revaluation',
    conventions: {
      ...conventions, losses: 'positive', horizonDays, spotMove: 'S * exp(logReturn)',
      optionAgeing: 'timeToExpiryYears - horizonDays / 365',
      volatility: shocks?.volatility?.reading ?? 'unchanged',
      rates: shocks?.rateShiftBp === undefined ? 'unchanged' : 'additive-bp',
      pricing: { european: 'bsm', american: 'bjerksund-stensland-2002' },
    },
    scenarioCount: scenarios,
    worstScenarioIndex: worstScenarioIndex(pnl),
    measures: pnlTailMeasures({ pnl, confidences, netAssetValue: input.netAssetValue, conventions }),
    scenarioPnl: pnl,
    stockScenarioPnl: stockPnl,
    optionScenarioPnl: optionPnl,
    ...(perOption === undefined ? {} : { optionPnlByScenario: perOption }),
    americanOptionCount,
  });
}

/** Transposes the T x U returns to U x T (one contiguous series per underlying) and exponentiates. */
export function spotMovePanel(logReturns: Float64Array, scenarioCount: number, underlyingCount: number): SpotMovePanel {
  const byUnderlying = new Float64Array(logReturns.length);
  const growth = new Float64Array(logReturns.length);
  for (let t = 0; t < scenarioCount; t++) {
    for (let u = 0; u < underlyingCount; u++) {
      const x = logReturns[t * underlyingCount + u]!;
      byUnderlying[u * scenarioCount + t] = x;
      growth[u * scenarioCount + t] = Math.exp(x);
    }
  }
  return { scenarioCount, logReturns: byUnderlying, growth };
}

/** Net stock P&L per scenario: sum_u stockUnits_u S_u (e^x - 1), with expm1 for accuracy. */
function stockScenarioPnl(book: RevaluationBook, panel: SpotMovePanel): Float64Array {
  const { scenarioCount, logReturns } = panel;
  const pnl = new Float64Array(scenarioCount);
  for (let u = 0; u < book.underlyings.length; u++) {
    const value = book.stockUnits[u]! * book.spots[u]!;
    if (value === 0) continue;
    for (let t = 0; t < scenarioCount; t++) pnl[t]! += value * Math.expm1(logReturns[u * scenarioCount + t]!);
  }
  return pnl;
}

function inputProblem(
  input: HistoricalFullRevaluationInput, confidences: readonly number[], horizonDays: number,
): [HistoricalFullRevaluationErrorCode, string] | null {
  const { logReturns, scenarioCount, book, shocks, netAssetValue } = input;
  const u = book.underlyings.length;
  if (!(Number.isInteger(scenarioCount) && scenarioCount >= 1)) return ['INVALID_SCENARIOS', `scenarioCount ${scenarioCount} must be a whole number >= 1`];
  if (logReturns.length !== scenarioCount * u) {
    return ['INVALID_SCENARIOS', `logReturns has ${logReturns.length} values, expected ${scenarioCount} scenarios x ${u} underlyings`];
  }
  const bad = logReturns.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) return ['INVALID_SCENARIOS', `logReturns[${bad}] (scenario ${Math.floor(bad / u)}, ${book.underlyings[bad % u]}) is not finite`];
  if (confidences.length === 0 || !confidences.every((c) => c > 0 && c < 1)) return ['INVALID_PARAMETERS', 'confidences must be a non-empty list in (0, 1)'];
  if (!(netAssetValue > 0 && Number.isFinite(netAssetValue))) return ['INVALID_PARAMETERS', `netAssetValue ${netAssetValue} must be finite and > 0`];
  if (!(horizonDays >= 0 && Number.isFinite(horizonDays))) return ['INVALID_PARAMETERS', `horizonDays ${horizonDays} must be finite and >= 0`];
  const vol = shocks?.volatility;
  if (vol !== undefined && (vol.values.length !== scenarioCount * u || !vol.values.every(Number.isFinite))) {
    return ['INVALID_SCENARIOS', `volatility shocks need ${scenarioCount} x ${u} finite values`];
  }
  const rates = shocks?.rateShiftBp;
  if (rates !== undefined && (rates.length !== scenarioCount || !rates.every(Number.isFinite))) {
    return ['INVALID_SCENARIOS', `rate shifts need ${scenarioCount} finite values`];
  }
  return null;
}
