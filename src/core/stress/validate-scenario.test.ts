import { describe, expect, it } from 'vitest';
import type { ScenarioDefinition, ScenarioShock } from './scenario-definition.ts';
import { customScenario } from './stress-test-fixtures.ts';
import { customScenarioDefinition, namedTargets } from './custom-scenario.ts';
import { nonFiniteNumbers } from './finite-result.ts';
import { SCENARIO_LIBRARY } from './scenario-library.ts';
import type { ScenarioProblem } from './validate-scenario.ts';
import { scenarioProblems, validateScenario } from './validate-scenario.ts';

const universe = { underlyings: ['AAA', 'BBB'], sectors: ['Energy'] };

function problems(scenario: ScenarioDefinition, withUniverse = true): ScenarioProblem[] {
  const r = validateScenario(withUniverse ? { scenario, universe } : { scenario });
  if (r.ok) return [];
  expect(r.error.code).toBe('INVALID_SCENARIO');
  return r.error.details as ScenarioProblem[];
}

const paths = (s: readonly ScenarioShock[]): string[] => problems(customScenario(s)).map((p) => p.path);

describe('validateScenario', () => {
  it('accepts a well-formed custom scenario with known targets', () => {
    const r = validateScenario({
      scenario: customScenario([
        { target: { market: true }, spot: { relative: -0.2 }, volatility: { relative: 0.5 }, rateBp: -50, days: 5 },
        { target: { underlying: 'AAA' }, volatility: { absolute: 0.1, termScaling: { referenceDays: 30, exponent: 0.5, maxFactor: 2 } } },
        { target: { sector: 'Energy' }, dividend: { absolute: -0.01 }, skew: { volPerLogMoneyness: 0.2 } },
      ]),
      universe,
    });
    expect(r.ok).toBe(true);
  });

  it('rejects a spot move at or below -100 %', () => {
    expect(paths([{ target: { market: true }, spot: { relative: -1 } }])).toEqual(['shocks[0].spot.relative']);
    expect(paths([{ target: { market: true }, spot: { relative: -1.5 } }])).toEqual(['shocks[0].spot.relative']);
    expect(paths([{ target: { market: true }, spot: { relative: -0.99 } }])).toEqual([]);
  });

  it('rejects a relative vol move that makes volatility negative, counting the term factor', () => {
    expect(paths([{ target: { market: true }, volatility: { relative: -1.1 } }])).toEqual(['shocks[0].volatility.relative']);
    expect(paths([{ target: { market: true }, volatility: { relative: -0.6, termScaling: { referenceDays: 30, exponent: 0.5, maxFactor: 2 } } }]))
      .toEqual(['shocks[0].volatility.relative']);
    expect(paths([{ target: { market: true }, volatility: { relative: -0.6 } }])).toEqual([]);
  });

  it('rejects unknown underlyings and sectors when the universe is known, and accepts them without it', () => {
    const s = customScenario([{ target: { underlying: 'ZZZ' }, spot: { relative: 0.1 } }, { target: { sector: 'Tech' }, spot: { relative: 0.1 } }]);
    expect(problems(s).map((p) => p.path)).toEqual(['shocks[0].target.underlying', 'shocks[1].target.sector']);
    expect(problems(s)[0]!.message).toContain("unknown underlying 'ZZZ'");
    expect(problems(s, false)).toEqual([]);
  });

  it('reports every problem at once with its path', () => {
    const bad = {
      ...customScenario([
        { target: { market: true } },
        { target: { market: true }, rateBp: Number.NaN, days: -1 },
        { target: { market: true, sector: 'Energy' } as unknown as ScenarioShock['target'], spot: { relative: 0.1 } },
      ]),
      severity: 'catastrophic',
      name: '',
    } as unknown as ScenarioDefinition;
    expect(problems(bad).map((p) => p.path)).toEqual(['name', 'severity', 'shocks[0]', 'shocks[1].rateBp', 'shocks[1].days', 'shocks[2].target']);
  });

  it('rejects liquidity haircuts outside [0, 1] and a monte-carlo scenario without settings', () => {
    expect(paths([{ target: { market: true }, liquidity: { spreadWideningMultiplier: 2, haircutByBucket: { liquid: 0, moderate: 1.5, illiquid: 0.1 } } }]))
      .toEqual(['shocks[0].liquidity.haircutByBucket.moderate']);
    const mc: ScenarioDefinition = { ...customScenario([]), type: 'monte-carlo' };
    expect(problems(mc).map((p) => p.path)).toEqual(['simulation']);
    expect(problems(customScenario([])).map((p) => p.path)).toEqual(['shocks']);
  });

  it('bounds every shock size, and the whole library stays inside the bounds', () => {
    for (const scenario of SCENARIO_LIBRARY) expect(scenarioProblems(scenario), scenario.id).toEqual([]);
    const vix = { referenceDays: 30, exponent: 0.5, maxFactor: 2 };
    expect(paths([
      { target: { market: true }, spot: { relative: 10 }, volatility: { relative: 20, termScaling: vix }, skew: { volPerLogMoneyness: 10 }, rateBp: -10_000, days: 3650 },
      { target: { market: true }, spot: { sigmas: -50, horizonDays: 260 }, volatility: { absolute: 5 } },
      { target: { market: true }, liquidity: { spreadWideningMultiplier: 1000, haircutByBucket: { liquid: 0, moderate: 0, illiquid: 1 }, volumeFactor: 1000 } },
    ])).toEqual([]);
    expect(paths([
      { target: { market: true }, spot: { relative: 1e100 } },
      { target: { market: true }, spot: { relative: 10.01 } },
      { target: { market: true }, spot: { sigmas: 1e308, horizonDays: 1 } },
      { target: { market: true }, spot: { sigmas: -50.5, horizonDays: 261 } },
      { target: { market: true }, volatility: { relative: 20.5 } },
      { target: { market: true }, volatility: { absolute: 5.5, termScaling: { referenceDays: 1e6, exponent: 0.5, maxFactor: 11 } } },
      { target: { market: true }, skew: { volPerLogMoneyness: -11 } },
      { target: { market: true }, rateBp: 10_001 },
      { target: { market: true }, liquidity: { spreadWideningMultiplier: 1e6, haircutByBucket: { liquid: 0, moderate: 0, illiquid: 0 }, volumeFactor: 1e6 } },
    ])).toEqual([
      'shocks[0].spot.relative', 'shocks[1].spot.relative', 'shocks[2].spot.sigmas', 'shocks[3].spot.sigmas', 'shocks[3].spot.horizonDays',
      'shocks[4].volatility.relative', 'shocks[5].volatility.termScaling.referenceDays', 'shocks[5].volatility.termScaling.maxFactor',
      'shocks[5].volatility.absolute', 'shocks[6].skew.volPerLogMoneyness', 'shocks[7].rateBp',
      'shocks[8].liquidity.spreadWideningMultiplier', 'shocks[8].liquidity.volumeFactor',
    ]);
  });

  it('rejects shocks on a monte-carlo scenario: it takes a simulation, not shocks', () => {
    const simulation = SCENARIO_LIBRARY.find((x) => x.type === 'monte-carlo')!.simulation!;
    const mc: ScenarioDefinition = { ...customScenario([{ target: { market: true }, spot: { relative: -0.5 } }]), type: 'monte-carlo', simulation };
    const p = problems(mc);
    expect(p.map((x) => x.path)).toEqual(['shocks']);
    expect(p[0]!.message).toMatch(/simulation, not shocks/);
    expect(problems({ ...mc, shocks: [] })).toEqual([]);
  });

  it('checks custom scenario targets against a universe, with JSON-pointer paths', () => {
    const input = { name: 'x', shocks: [{ target: { underlying: 'AAA' }, spot: { relative: -0.1 } }, { target: { sector: 'Nowhere' }, spot: { relative: -0.1 } }] };
    expect(namedTargets(input.shocks)).toEqual({ underlyings: ['AAA'], sectors: ['Nowhere'] });
    expect(customScenarioDefinition('c1', input).ok).toBe(true);
    const r = customScenarioDefinition('c1', input, universe);
    expect(r.ok ? [] : (r.error.details as ScenarioProblem[]).map((x) => x.path)).toEqual(['/shocks/1/target/sector']);
  });
});

describe('nonFiniteNumbers', () => {
  it('finds NaN and Infinity anywhere in a result, by JSON pointer', () => {
    expect(nonFiniteNumbers({ a: 1, b: [0, { c: 2 }], d: 'x', e: null })).toEqual([]);
    expect(nonFiniteNumbers({ pnl: { amount: Number.POSITIVE_INFINITY }, list: [1, Number.NaN], 'a/b': Float64Array.of(1, Number.NEGATIVE_INFINITY) }))
      .toEqual(['/pnl/amount = Infinity', '/list/1 = NaN', '/a~1b/1 = -Infinity']);
    expect(nonFiniteNumbers(Array.from({ length: 50 }, () => Number.NaN), 3)).toHaveLength(3);
  });
});
