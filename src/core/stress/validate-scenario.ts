/**
 * Checks a scenario definition before it is stored or run; every problem is reported at once as
 * INVALID_SCENARIO with details [{ path, message }] (the API answers 400 with them). With a
 * universe, targets must name a known underlying or sector. A negative volatility that only a
 * particular book can produce (an absolute vol cut larger than some option's vol) is caught when
 * the scenario is applied (apply-scenario.ts), with the same code.
 *
 * Every shock size is bounded (SHOCK_BOUNDS): a move no market has seen is a typing error, and an
 * unbounded one overflows the revaluation (a spot x 1e100 prices to Infinity or NaN). The bounds
 * are far outside every library scenario (its largest: spot -60 % / +12 %, vol +475 % relative x
 * term factor 1.5, rates -500 bp, 3.09 sd over 10 days, 30 days, skew 0.3, spreads x10). Several
 * shocks on one name still compound; a result that is not finite is refused when it runs.
 */
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type {
  LiquidityShock, MonteCarloStressSpec, ScenarioDefinition, ScenarioShock, TermScaling,
} from './scenario-definition.ts';
import { SCENARIO_TYPES, SEVERITIES } from './scenario-definition.ts';

export interface ScenarioProblem {
  /** JSON-path-like location, e.g. 'shocks[2].spot.relative'. */
  readonly path: string;
  readonly message: string;
}

export type InvalidScenarioCode = 'INVALID_SCENARIO';

/** Largest accepted shock sizes (documented in ADR 0006 and returned with the conventions). */
export const SHOCK_BOUNDS = {
  /** spot.relative in (-1, +10]: down to (not including) -100 %, up to +1,000 %. */
  spotRelativeMax: 10,
  /** |spot.sigmas| <= 50 daily sds. */
  sigmasMaxAbs: 50,
  /** spot.horizonDays in (0, 260] (a year of trading days). */
  sigmaHorizonDaysMax: 260,
  /** volatility.relative in [-1 / term factor, +20] (+2,000 %). */
  volRelativeMax: 20,
  /** |volatility.absolute| <= 5 (500 vol points). */
  volAbsoluteMaxAbs: 5,
  /** |skew.volPerLogMoneyness| <= 10. */
  skewMaxAbs: 10,
  /** termScaling: referenceDays <= 3,650, maxFactor <= 10. */
  termReferenceDaysMax: 3650,
  termMaxFactorMax: 10,
  /** |rateBp| <= 10,000 (+-100 % a year). */
  rateBpMaxAbs: 10_000,
  /** |dividend.absolute| <= 1 (100 % a year). */
  dividendMaxAbs: 1,
  /** days in [0, 3,650]. */
  daysMax: 3650,
  /** liquidity.spreadWideningMultiplier in [0, 1,000]; volumeFactor in (0, 1,000]. */
  spreadWideningMax: 1000,
  volumeFactorMax: 1000,
  /** simulation.stressedRegime.volatilityMultiplier in (0, 20]. */
  simulationVolMultiplierMax: 20,
} as const;

export const SHOCK_BOUNDS_TEXT = 'spot.relative in (-1, 10]; |sigmas| <= 50 with horizonDays in (0, 260]; volatility.relative in [-1/termFactor, 20]; '
  + '|volatility.absolute| <= 5; |skew| <= 10; termScaling referenceDays <= 3,650 and maxFactor <= 10; |rateBp| <= 10,000; |dividend| <= 1; days in [0, 3,650]; '
  + 'spreadWideningMultiplier <= 1,000; volumeFactor <= 1,000; simulation volatilityMultiplier <= 20 and impliedVolRelative <= 20; '
  + 'a monte-carlo scenario takes a simulation and no shocks';

export interface ScenarioUniverse {
  readonly underlyings: readonly string[];
  readonly sectors: readonly string[];
}

export function validateScenario({ scenario, universe }: {
  scenario: ScenarioDefinition;
  universe?: ScenarioUniverse;
}): Result<ScenarioDefinition, InvalidScenarioCode> {
  const problems = scenarioProblems(scenario, universe);
  if (problems.length === 0) return ok(scenario);
  const label = typeof scenario.id === 'string' && scenario.id !== '' ? scenario.id : '(no id)';
  return fail('INVALID_SCENARIO', `scenario ${label} is invalid: ${problems.length} problem(s)`, problems);
}

export function scenarioProblems(scenario: ScenarioDefinition, universe?: ScenarioUniverse): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  const add = (path: string, message: string): void => { out.push({ path, message }); };
  for (const key of ['id', 'name'] as const) {
    if (typeof scenario[key] !== 'string' || scenario[key].trim() === '') add(key, `${key} must be a non-empty string`);
  }
  if (!(SCENARIO_TYPES as readonly string[]).includes(scenario.type)) add('type', `type must be one of ${SCENARIO_TYPES.join(', ')}`);
  if (!(SEVERITIES as readonly string[]).includes(scenario.severity)) add('severity', `severity must be one of ${SEVERITIES.join(', ')}`);
  if (!Array.isArray(scenario.shocks)) {
    add('shocks', 'shocks must be a list');
    return out;
  }
  if (scenario.type === 'monte-carlo') {
    if (scenario.simulation === undefined) add('simulation', 'a monte-carlo scenario needs its simulation settings');
    else simulationProblems(scenario.simulation, add);
    if (scenario.shocks.length > 0) {
      add('shocks', 'a Monte Carlo scenario takes a simulation, not shocks (its moves are drawn; use another type for fixed shocks)');
      return out;
    }
  } else if (scenario.shocks.length === 0) {
    add('shocks', 'a scenario needs at least one shock');
  }
  const known = universe === undefined ? undefined
    : { underlyings: new Set(universe.underlyings), sectors: new Set(universe.sectors) };
  scenario.shocks.forEach((shock, i) => shockProblems(shock, `shocks[${i}]`, add, known));
  return out;
}

type Add = (path: string, message: string) => void;
const B = SHOCK_BOUNDS;
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function shockProblems(
  shock: ScenarioShock, at: string, add: Add, known: { underlyings: Set<string>; sectors: Set<string> } | undefined,
): void {
  targetProblems(shock, at, add, known);
  let effects = 0;
  if (shock.spot !== undefined) {
    effects++;
    if ('relative' in shock.spot) {
      if (!finite(shock.spot.relative)) add(`${at}.spot.relative`, 'spot move must be a finite number');
      else if (!(shock.spot.relative > -1)) add(`${at}.spot.relative`, `spot move ${shock.spot.relative} is at or below -100 %; a price cannot fall to zero or below`);
      else if (shock.spot.relative > B.spotRelativeMax) add(`${at}.spot.relative`, `spot move ${shock.spot.relative} is above +${B.spotRelativeMax} (+${B.spotRelativeMax * 100} %), the largest accepted`);
    } else {
      if (!finite(shock.spot.sigmas)) add(`${at}.spot.sigmas`, 'sigmas must be a finite number');
      else if (Math.abs(shock.spot.sigmas) > B.sigmasMaxAbs) add(`${at}.spot.sigmas`, `sigmas ${shock.spot.sigmas} is beyond +-${B.sigmasMaxAbs}, the largest accepted`);
      if (!(finite(shock.spot.horizonDays) && shock.spot.horizonDays > 0 && shock.spot.horizonDays <= B.sigmaHorizonDaysMax)) {
        add(`${at}.spot.horizonDays`, `horizonDays must be finite, > 0 and at most ${B.sigmaHorizonDaysMax}`);
      }
    }
  }
  if (shock.volatility !== undefined) {
    effects++;
    volatilityProblems(shock.volatility, `${at}.volatility`, add);
  }
  if (shock.skew !== undefined) {
    effects++;
    if (!(finite(shock.skew.volPerLogMoneyness) && Math.abs(shock.skew.volPerLogMoneyness) <= B.skewMaxAbs)) {
      add(`${at}.skew.volPerLogMoneyness`, `skew steepening must be finite, within +-${B.skewMaxAbs}`);
    }
  }
  if (shock.rateBp !== undefined) {
    effects++;
    if (!finite(shock.rateBp) || Math.abs(shock.rateBp) > B.rateBpMaxAbs) add(`${at}.rateBp`, 'rateBp must be finite, within +-10,000 bp');
  }
  if (shock.dividend !== undefined) {
    effects++;
    if (!finite(shock.dividend.absolute) || Math.abs(shock.dividend.absolute) > B.dividendMaxAbs) add(`${at}.dividend.absolute`, 'dividend shift must be finite, within +-1 (100 % a year)');
  }
  if (shock.days !== undefined) {
    effects++;
    if (!(finite(shock.days) && shock.days >= 0 && shock.days <= B.daysMax)) add(`${at}.days`, 'days must be finite, between 0 and 3,650');
  }
  if (shock.liquidity !== undefined) {
    effects++;
    liquidityProblems(shock.liquidity, `${at}.liquidity`, add);
  }
  if (effects === 0) add(at, 'a shock must move something (spot, volatility, skew, rateBp, dividend, days or liquidity)');
}

function targetProblems(
  shock: ScenarioShock, at: string, add: Add, known: { underlyings: Set<string>; sectors: Set<string> } | undefined,
): void {
  const target: unknown = shock.target;
  if (typeof target !== 'object' || target === null) {
    add(`${at}.target`, 'target must be {underlying}, {sector} or {market: true}');
    return;
  }
  const keys = Object.keys(target);
  const t = target as Record<string, unknown>;
  if (keys.length !== 1) {
    add(`${at}.target`, 'target must have exactly one of underlying, sector, market');
  } else if ('market' in t) {
    if (t['market'] !== true) add(`${at}.target.market`, 'market must be true');
  } else if ('underlying' in t || 'sector' in t) {
    const kind = 'underlying' in t ? 'underlying' : 'sector';
    const name = t[kind];
    if (typeof name !== 'string' || name === '') add(`${at}.target.${kind}`, `${kind} must be a non-empty string`);
    else if (known !== undefined && !(kind === 'underlying' ? known.underlyings : known.sectors).has(name)) {
      add(`${at}.target.${kind}`, `unknown ${kind} '${name}'`);
    }
  } else {
    add(`${at}.target`, `unknown target kind '${keys[0]}'`);
  }
}

function volatilityProblems(vol: NonNullable<ScenarioShock['volatility']>, at: string, add: Add): void {
  const maxTerm = vol.termScaling === undefined ? 1 : Math.max(1, vol.termScaling.maxFactor);
  if (vol.termScaling !== undefined) termScalingProblems(vol.termScaling, `${at}.termScaling`, add);
  if ('relative' in vol) {
    if (!finite(vol.relative)) add(`${at}.relative`, 'relative vol move must be a finite number');
    else if (vol.relative * maxTerm < -1) {
      add(`${at}.relative`, `relative vol move ${vol.relative}${maxTerm > 1 ? ` x term factor up to ${maxTerm}` : ''} would make volatilities negative`);
    } else if (vol.relative > B.volRelativeMax) {
      add(`${at}.relative`, `relative vol move ${vol.relative} is above +${B.volRelativeMax} (+${B.volRelativeMax * 100} %), the largest accepted`);
    }
  } else if (!finite(vol.absolute)) {
    add(`${at}.absolute`, 'absolute vol move must be a finite number');
  } else if (vol.absolute < -B.volAbsoluteMaxAbs) {
    add(`${at}.absolute`, `absolute vol move ${vol.absolute} would make every volatility negative`);
  } else if (vol.absolute > B.volAbsoluteMaxAbs) {
    add(`${at}.absolute`, `absolute vol move ${vol.absolute} is above +${B.volAbsoluteMaxAbs} (${B.volAbsoluteMaxAbs * 100} vol points), the largest accepted`);
  }
}

function termScalingProblems(t: TermScaling, at: string, add: Add): void {
  if (!(finite(t.referenceDays) && t.referenceDays > 0 && t.referenceDays <= B.termReferenceDaysMax)) add(`${at}.referenceDays`, `referenceDays must be in (0, ${B.termReferenceDaysMax}]`);
  if (!(finite(t.exponent) && t.exponent >= 0 && t.exponent <= 2)) add(`${at}.exponent`, 'exponent must be in [0, 2]');
  if (!(finite(t.maxFactor) && t.maxFactor > 0 && t.maxFactor <= B.termMaxFactorMax)) add(`${at}.maxFactor`, `maxFactor must be in (0, ${B.termMaxFactorMax}]`);
}

function liquidityProblems(l: LiquidityShock, at: string, add: Add): void {
  if (!(finite(l.spreadWideningMultiplier) && l.spreadWideningMultiplier >= 0 && l.spreadWideningMultiplier <= B.spreadWideningMax)) {
    add(`${at}.spreadWideningMultiplier`, `must be in [0, ${B.spreadWideningMax}]`);
  }
  for (const bucket of ['liquid', 'moderate', 'illiquid'] as const) {
    const h = l.haircutByBucket?.[bucket];
    if (!(finite(h) && h >= 0 && h <= 1)) add(`${at}.haircutByBucket.${bucket}`, 'haircut must be a fraction in [0, 1]');
  }
  if (l.volumeFactor !== undefined && !(finite(l.volumeFactor) && l.volumeFactor > 0 && l.volumeFactor <= B.volumeFactorMax)) add(`${at}.volumeFactor`, `volumeFactor must be in (0, ${B.volumeFactorMax}]`);
}

/** Problems of Monte Carlo stress settings alone (paths 'simulation.*'). */
export function simulationSpecProblems(spec: MonteCarloStressSpec): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  simulationProblems(spec, (path, message) => { out.push({ path, message }); });
  return out;
}

function simulationProblems(s: MonteCarloStressSpec, add: Add): void {
  const at = 'simulation';
  if (!(s.distribution?.kind === 'student-t' || s.distribution?.kind === 't-copula')) add(`${at}.distribution.kind`, "must be 'student-t' or 't-copula'");
  const dfMin = s.distribution?.kind === 'student-t' ? 2 : 0;
  if (!(finite(s.distribution?.degreesOfFreedom) && s.distribution.degreesOfFreedom > dfMin)) {
    add(`${at}.distribution.degreesOfFreedom`, `degreesOfFreedom must be > ${dfMin}`);
  }
  if (!(finite(s.horizonDays) && s.horizonDays > 0 && s.horizonDays <= 260)) add(`${at}.horizonDays`, 'horizonDays must be in (0, 260]');
  const r = s.stressedRegime;
  if (!(finite(r?.probability) && r.probability >= 0 && r.probability <= 1)) add(`${at}.stressedRegime.probability`, 'probability must be in [0, 1]');
  if (!(finite(r?.volatilityMultiplier) && r.volatilityMultiplier > 0 && r.volatilityMultiplier <= B.simulationVolMultiplierMax)) {
    add(`${at}.stressedRegime.volatilityMultiplier`, `must be in (0, ${B.simulationVolMultiplierMax}]`);
  }
  if (!(finite(r?.correlationFloor) && r.correlationFloor >= 0 && r.correlationFloor < 1)) add(`${at}.stressedRegime.correlationFloor`, 'must be in [0, 1)');
  if (!(finite(r?.impliedVolRelative) && r.impliedVolRelative > -1 && r.impliedVolRelative <= B.volRelativeMax)) {
    add(`${at}.stressedRegime.impliedVolRelative`, `must be in (-1, ${B.volRelativeMax}]`);
  }
  if (!(finite(s.confidence) && s.confidence > 0 && s.confidence < 1)) add(`${at}.confidence`, 'confidence must be in (0, 1), e.g. 0.99');
  if (!(Number.isInteger(s.pathCount) && s.pathCount >= 100 && s.pathCount <= 1_000_000)) add(`${at}.pathCount`, 'pathCount must be a whole number in [100, 1,000,000]');
  if (!(Number.isSafeInteger(s.seed) && s.seed >= 0)) add(`${at}.seed`, 'seed must be a non-negative safe integer');
}
