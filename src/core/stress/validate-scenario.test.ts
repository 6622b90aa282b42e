import { describe, expect, it } from 'vitest';
import type { ScenarioDefinition, ScenarioShock } from './scenario-definition.ts';
import { customScenario } from './stress-test-fixtures.ts';
import type { ScenarioProblem } from './validate-scenario.ts';
import { validateScenario } from './validate-scenario.ts';

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
});
