/**
 * The built-in scenarios: the spec's nine types in four severities (36 scenarios, ids
 * 'stress.<type>.<severity>') plus the five named historical replays ('stress.replay.<event>').
 * Magnitudes (house calibration unless a source is named; vol moves relative, spot moves through
 * beta on the market target):
 *
 * | type                  | mild                  | moderate              | severe                 | extreme                 |
 * |-----------------------|-----------------------|-----------------------|------------------------|-------------------------|
 * | market-crash          | -5 %, vol +15 %       | -10 %, vol +30 %      | -20 %, vol +60 %       | -35 %, vol +100 %       |
 * | volatility-spike      | vol +25 %, -1 %       | vol +50 %, -2 %       | vol +100 %, -4 %       | vol +200 %, -7 %        |
 * | interest-rate         | +50 bp                | +100 bp               | +200 bp                | +300 bp                 |
 * | sector-rotation       | growth -3 %, value +2 | -7 % / +4 %           | -15 % / +8 %           | -25 % / +12 %           |
 * | correlation-breakdown | 1.645 sd 1d, vol +10% | 2.326 sd 1d, vol +20% | 2.326 sd 10d, vol +40% | 3.09 sd 10d, vol +60 %  |
 * | liquidity-crisis      | -2 %, spreads x2      | -5 %, x3              | -10 %, x5              | -20 %, x10              |
 * | historical-replay     | Feb 2018 vol shock    | Black Monday 1987     | COVID 2020             | 2008 financial crisis   |
 * | monte-carlo           | t(6) 1d, 10 % stressed| t(5) 5d, 20 %         | t(4) 10d, 30 %         | t(3) 10d, 50 %, 99.9 %  |
 * | custom (template)     | -3 %, +10 %, +25bp, 5d| -7 %, +25 %, +50bp,10d| -15 %, +50 %, +100bp,20d| -25 %, +100 %, +200bp,30d|
 *
 * Vol moves of the crash, spike and liquidity rows are term-scaled like a VIX move (30-day
 * reference, historical-replays.ts) and come with put-wing steepening 0.05 / 0.1 / 0.2 / 0.3.
 * Sector rotation uses GICS sector names: growth = Information Technology, Communication Services,
 * Consumer Discretionary; value = Energy, Utilities, Consumer Staples (books labelled otherwise are
 * untouched and the result lists the unmatched targets). Correlation breakdown moves every name down
 * by its own quantile at once (each name's daily sd, no beta: diversification disappears).
 * Liquidity haircuts by bucket (liquid / moderate / illiquid): mild 0 / 0.5 / 2 %, moderate
 * 0.25 / 1 / 5 %, severe 0.5 / 2.5 / 10 %, extreme 1 / 5 / 20 %; ADV x0.8 / 0.6 / 0.4 / 0.25.
 */
import { HISTORICAL_REPLAYS, REPLAY_BY_SEVERITY, VIX_TERM_SCALING } from './historical-replays.ts';
import type { LiquidityShock, MonteCarloStressSpec, ScenarioDefinition, ScenarioShock, ScenarioType, Severity } from './scenario-definition.ts';
import { SCENARIO_TYPES, SEVERITIES } from './scenario-definition.ts';

export const GROWTH_SECTORS = ['Information Technology', 'Communication Services', 'Consumer Discretionary'] as const;
export const VALUE_SECTORS = ['Energy', 'Utilities', 'Consumer Staples'] as const;

type BySeverity<T> = Readonly<Record<Severity, T>>;
const market = { market: true } as const;
const SKEW: BySeverity<number> = { mild: 0.05, moderate: 0.1, severe: 0.2, extreme: 0.3 };

const crashShocks = (spot: number, vol: number, s: Severity): ScenarioShock[] => [
  { target: market, spot: { relative: spot }, volatility: { relative: vol, termScaling: VIX_TERM_SCALING }, skew: { volPerLogMoneyness: SKEW[s] } },
];

const MARKET_CRASH: BySeverity<[number, number]> = { mild: [-0.05, 0.15], moderate: [-0.1, 0.3], severe: [-0.2, 0.6], extreme: [-0.35, 1] };
const VOL_SPIKE: BySeverity<[number, number]> = { mild: [-0.01, 0.25], moderate: [-0.02, 0.5], severe: [-0.04, 1], extreme: [-0.07, 2] };
const RATE_BP: BySeverity<number> = { mild: 50, moderate: 100, severe: 200, extreme: 300 };
const ROTATION: BySeverity<[number, number]> = { mild: [-0.03, 0.02], moderate: [-0.07, 0.04], severe: [-0.15, 0.08], extreme: [-0.25, 0.12] };
const CORRELATION: BySeverity<[number, number, number]> = {
  mild: [1.645, 1, 0.1], moderate: [2.326, 1, 0.2], severe: [2.326, 10, 0.4], extreme: [3.09, 10, 0.6],
};
const LIQUIDITY: BySeverity<{ spot: number; vol: number; liquidity: LiquidityShock }> = {
  mild: { spot: -0.02, vol: 0.1, liquidity: { spreadWideningMultiplier: 2, haircutByBucket: { liquid: 0, moderate: 0.005, illiquid: 0.02 }, volumeFactor: 0.8 } },
  moderate: { spot: -0.05, vol: 0.25, liquidity: { spreadWideningMultiplier: 3, haircutByBucket: { liquid: 0.0025, moderate: 0.01, illiquid: 0.05 }, volumeFactor: 0.6 } },
  severe: { spot: -0.1, vol: 0.5, liquidity: { spreadWideningMultiplier: 5, haircutByBucket: { liquid: 0.005, moderate: 0.025, illiquid: 0.1 }, volumeFactor: 0.4 } },
  extreme: { spot: -0.2, vol: 1, liquidity: { spreadWideningMultiplier: 10, haircutByBucket: { liquid: 0.01, moderate: 0.05, illiquid: 0.2 }, volumeFactor: 0.25 } },
};
const MONTE_CARLO: BySeverity<MonteCarloStressSpec> = {
  mild: mc(6, 1, 0.1, 1.5, 0.5, 0.2, 0.99, 1),
  moderate: mc(5, 5, 0.2, 2, 0.6, 0.4, 0.99, 2),
  severe: mc(4, 10, 0.3, 2.5, 0.7, 0.75, 0.99, 3),
  extreme: mc(3, 10, 0.5, 3, 0.8, 1, 0.999, 4),
};
const CUSTOM: BySeverity<[number, number, number, number]> = {
  mild: [-0.03, 0.1, 25, 5], moderate: [-0.07, 0.25, 50, 10], severe: [-0.15, 0.5, 100, 20], extreme: [-0.25, 1, 200, 30],
};

function mc(df: number, horizonDays: number, probability: number, volatilityMultiplier: number, correlationFloor: number,
  impliedVolRelative: number, confidence: number, seedOffset: number): MonteCarloStressSpec {
  return {
    distribution: { kind: 'student-t', degreesOfFreedom: df }, horizonDays,
    stressedRegime: { probability, volatilityMultiplier, correlationFloor, impliedVolRelative },
    confidence, pathCount: 10_000, seed: 20_240_600 + seedOffset,
  };
}

const pct = (x: number): string => `${x > 0 ? '+' : ''}${Math.round(x * 1000) / 10} %`;

interface Entry { readonly name: string; readonly description: string; readonly shocks: ScenarioShock[]; readonly simulation?: MonteCarloStressSpec }

const BUILDERS: Readonly<Record<Exclude<ScenarioType, 'historical-replay'>, (s: Severity) => Entry>> = {
  'market-crash': (s) => {
    const [spot, vol] = MARKET_CRASH[s];
    return { name: `Market crash (${s})`, description: `Market ${pct(spot)} through beta, implied vols ${pct(vol)} at 30 days`, shocks: crashShocks(spot, vol, s) };
  },
  'volatility-spike': (s) => {
    const [spot, vol] = VOL_SPIKE[s];
    return { name: `Volatility spike (${s})`, description: `Implied vols ${pct(vol)} at 30 days, market ${pct(spot)}`, shocks: crashShocks(spot, vol, s) };
  },
  'interest-rate': (s) => ({
    name: `Interest rates up (${s})`, description: `Continuous rates +${RATE_BP[s]} bp on every option`,
    shocks: [{ target: market, rateBp: RATE_BP[s] }],
  }),
  'sector-rotation': (s) => {
    const [down, up] = ROTATION[s];
    return {
      name: `Sector rotation (${s})`, description: `Growth sectors ${pct(down)}, value sectors ${pct(up)}`,
      shocks: [
        ...GROWTH_SECTORS.map((sector): ScenarioShock => ({ target: { sector }, spot: { relative: down } })),
        ...VALUE_SECTORS.map((sector): ScenarioShock => ({ target: { sector }, spot: { relative: up } })),
      ],
    };
  },
  'correlation-breakdown': (s) => {
    const [z, days, vol] = CORRELATION[s];
    return {
      name: `Correlation breakdown (${s})`,
      description: `Every name falls by its own ${z}-sd ${days}-day move at once, implied vols ${pct(vol)}`,
      shocks: [{ target: market, spot: { sigmas: -z, horizonDays: days }, volatility: { relative: vol, termScaling: VIX_TERM_SCALING } }],
    };
  },
  'liquidity-crisis': (s) => {
    const { spot, vol, liquidity } = LIQUIDITY[s];
    return {
      name: `Liquidity crisis (${s})`,
      description: `Market ${pct(spot)}, vols ${pct(vol)}, spreads x${liquidity.spreadWideningMultiplier}, ADV x${liquidity.volumeFactor}, haircuts by days to exit`,
      shocks: [{ ...crashShocks(spot, vol, s)[0]!, liquidity }],
    };
  },
  'monte-carlo': (s) => {
    const m = MONTE_CARLO[s];
    return {
      name: `Monte Carlo stress (${s})`,
      description: `Student-t(${m.distribution.degreesOfFreedom}) ${m.horizonDays}-day shocks, ${m.stressedRegime.probability * 100} % of paths in a stressed regime `
        + `(vols x${m.stressedRegime.volatilityMultiplier}, correlations >= ${m.stressedRegime.correlationFloor}), tail at ${m.confidence}`,
      shocks: [], simulation: m,
    };
  },
  custom: (s) => {
    const [spot, vol, bp, days] = CUSTOM[s];
    return {
      name: `Combined move (${s})`, description: `Template for custom scenarios: market ${pct(spot)}, vols ${pct(vol)}, +${bp} bp, ${days} days pass`,
      shocks: [{ target: market, spot: { relative: spot }, volatility: { relative: vol }, rateBp: bp, days }],
    };
  },
};

function builtIn(type: ScenarioType, severity: Severity): ScenarioDefinition {
  if (type === 'historical-replay') {
    const replay = HISTORICAL_REPLAYS.find((r) => r.id === REPLAY_BY_SEVERITY[severity])!;
    return { ...replay, id: `stress.historical-replay.${severity}`, severity, name: `${replay.name} (${severity} replay)` };
  }
  const e = BUILDERS[type](severity);
  return {
    id: `stress.${type}.${severity}`, name: e.name, type, severity, description: e.description,
    sourceNotes: 'House calibration (scenario-library.ts table); vols relative and term-scaled at 30 days where stated.',
    shocks: e.shocks, ...(e.simulation === undefined ? {} : { simulation: e.simulation }),
  };
}

/** The 36 scenarios: nine types x four severities. */
export const BUILT_IN_SCENARIOS: readonly ScenarioDefinition[] = SCENARIO_TYPES.flatMap((t) => SEVERITIES.map((s) => builtIn(t, s)));

/** Everything built in: the 36 plus the five named replays. */
export const SCENARIO_LIBRARY: readonly ScenarioDefinition[] = [...BUILT_IN_SCENARIOS, ...HISTORICAL_REPLAYS];

const BY_ID = new Map(SCENARIO_LIBRARY.map((s) => [s.id, s]));

export function findScenario(id: string): ScenarioDefinition | undefined {
  return BY_ID.get(id);
}

/** The library's scenarios of one severity (nine, one per type). */
export function scenariosOfSeverity(severity: Severity): ScenarioDefinition[] {
  return BUILT_IN_SCENARIOS.filter((s) => s.severity === severity);
}
