import { describe, expect, it } from 'vitest';
import { applyScenario } from './apply-scenario.ts';
import { HISTORICAL_REPLAYS } from './historical-replays.ts';
import { SCENARIO_TYPES, SEVERITIES } from './scenario-definition.ts';
import { BUILT_IN_SCENARIOS, findScenario, SCENARIO_LIBRARY, scenariosOfSeverity } from './scenario-library.ts';
import { FIXTURE_MARKET, FIXTURE_NAV, fixtureBook } from './stress-test-fixtures.ts';
import { validateScenario } from './validate-scenario.ts';

describe('scenario library', () => {
  it('holds the nine types in four severities with ids stress.<type>.<severity>', () => {
    expect(BUILT_IN_SCENARIOS).toHaveLength(36);
    for (const type of SCENARIO_TYPES) {
      for (const severity of SEVERITIES) {
        const s = findScenario(`stress.${type}.${severity}`);
        expect(s?.type).toBe(type);
        expect(s?.severity).toBe(severity);
      }
    }
    expect(new Set(SCENARIO_LIBRARY.map((s) => s.id)).size).toBe(SCENARIO_LIBRARY.length);
    expect(scenariosOfSeverity('severe').map((s) => s.type)).toEqual([...SCENARIO_TYPES]);
  });

  it('passes validation for every built-in scenario', () => {
    for (const scenario of SCENARIO_LIBRARY) expect(validateScenario({ scenario }).ok, scenario.id).toBe(true);
  });

  it('applies every deterministic built-in scenario to a mixed book with a finite P&L', () => {
    for (const scenario of SCENARIO_LIBRARY.filter((s) => s.type !== 'monte-carlo')) {
      const r = applyScenario({ book: fixtureBook(), market: FIXTURE_MARKET, scenario, netAssetValue: FIXTURE_NAV });
      expect(r.ok, scenario.id).toBe(true);
      if (r.ok) expect(Number.isFinite(r.value.pnl.amount), scenario.id).toBe(true);
    }
  });

  it('loses more on a long-stock book as the market-crash severity rises', () => {
    const losses = SEVERITIES.map((sev) => {
      const r = applyScenario({ book: fixtureBook(), market: FIXTURE_MARKET, scenario: findScenario(`stress.market-crash.${sev}`)!, netAssetValue: FIXTURE_NAV });
      return r.ok ? r.value.byUnderlying[0]!.stockPnl : Number.NaN;
    });
    for (let k = 1; k < losses.length; k++) expect(losses[k]!).toBeLessThan(losses[k - 1]!);
  });

  it('states the source figures of each replay and moves the market by its index figure', () => {
    const covid = findScenario('stress.replay.covid-2020')!;
    expect(covid.replay?.figures['VIX close 2020-03-16']).toBe(82.69);
    expect(covid.shocks[0]).toEqual({ target: { market: true }, spot: { relative: covid.replay?.figures['S&P 500 move'] } });
    const gfc = findScenario('stress.replay.financial-crisis-2008')!;
    expect(gfc.replay?.figures['VIX close 2008-11-20']).toBe(80.86);
    expect(gfc.shocks.some((s) => s.rateBp === -500)).toBe(true);
    expect(findScenario('stress.replay.black-monday-1987')!.shocks[0]!.spot).toEqual({ relative: -0.2047 });
    expect(findScenario('stress.replay.vol-shock-2018')!.replay?.figures['VIX move']).toBeCloseTo(37.32 / 17.31 - 1, 3);
    expect(HISTORICAL_REPLAYS.map((r) => r.id)).toContain('stress.replay.dotcom-2000-2002');
  });
});
