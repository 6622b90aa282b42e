import { describe, expect, it } from 'vitest';
import { COVARIANCE, fixtureInput, limit } from '../limits/pre-trade-test-fixtures.ts';
import { runScenarios } from './run-scenarios.ts';
import { SCENARIO_TYPES, SEVERITIES } from './scenario-definition.ts';
import { BUILT_IN_SCENARIOS, findScenario, SCENARIO_LIBRARY } from './scenario-library.ts';
import { customScenario, LIMITS_FIXTURE_MARKET, limitsFixtureBook } from './stress-test-fixtures.ts';

/** The limits fixture's covariance without DDD (the book holds AAA, BBB, CCC). */
const covariance = Float64Array.from({ length: 9 }, (_, k) => COVARIANCE[Math.floor(k / 3) * 4 + (k % 3)]!);

describe('runScenarios', () => {
  it('runs the nine types in four severities (and the named replays) on one book', () => {
    const r = runScenarios({
      book: limitsFixtureBook(), market: LIMITS_FIXTURE_MARKET, netAssetValue: 1_000_000, scenarios: SCENARIO_LIBRARY, dailyCovariance: covariance,
      limitState: fixtureInput({ limits: [limit('daily-loss', 20_000), limit('net-exposure', 500_000)] }),
    });
    if (!r.ok) throw new Error(r.error.message);
    const seen = new Set<string>();
    r.value.forEach((run, k) => {
      const scenario = SCENARIO_LIBRARY[k]!;
      expect(run.ok, `${scenario.id}: ${run.ok ? '' : run.error.message}`).toBe(true);
      if (!run.ok) return;
      const pnl = run.value.kind === 'deterministic' ? run.value.result.pnl.amount : run.value.pnl.amount;
      expect(Number.isFinite(pnl), scenario.id).toBe(true);
      seen.add(`${scenario.type}.${scenario.severity}`);
    });
    expect(seen.size).toBe(SCENARIO_TYPES.length * SEVERITIES.length);
    expect(BUILT_IN_SCENARIOS.every((s) => seen.has(`${s.type}.${s.severity}`))).toBe(true);
  });

  it('lists the limits a crash would breach and none for a calm scenario', () => {
    const r = runScenarios({
      book: limitsFixtureBook(), market: LIMITS_FIXTURE_MARKET, netAssetValue: 1_000_000,
      scenarios: [findScenario('stress.market-crash.extreme')!, customScenario([{ target: { market: true }, spot: { relative: 0.001 } }])],
      limitState: fixtureInput({ limits: [limit('daily-loss', 20_000)] }),
    });
    if (!r.ok) throw new Error(r.error.message);
    const [crash, calm] = r.value;
    expect(crash?.ok && crash.value.kind === 'deterministic' ? crash.value.breaches?.map((b) => b.limitId) : null).toEqual(['daily-loss']);
    expect(calm?.ok && calm.value.kind === 'deterministic' ? calm.value.breaches : null).toEqual([]);
  });

  it('fails a monte-carlo scenario without a covariance, and only that one', () => {
    const r = runScenarios({
      book: limitsFixtureBook(), market: LIMITS_FIXTURE_MARKET, netAssetValue: 1_000_000,
      scenarios: [findScenario('stress.monte-carlo.mild')!, findScenario('stress.interest-rate.mild')!],
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value[0]!.ok ? null : r.value[0]!.error.code).toBe('MISSING_MARKET_DATA');
    expect(r.value[1]!.ok).toBe(true);
  });
});
