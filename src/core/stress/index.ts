/** Public surface of the stress-testing core (what src/app and src/api may import). */
export type {
  DividendShock, LiquidityShock, MonteCarloStressSpec, ReplaySource, ScenarioDefinition, ScenarioShock, ScenarioType, Severity,
  ShockTarget, SkewShock, SpotShock, TermScaling, VolatilityShock,
} from './scenario-definition.ts';
export { DEFAULT_TERM_SCALING, MIN_SPOT_FACTOR, SCENARIO_TYPES, SEVERITIES, SHOCK_READINGS } from './scenario-definition.ts';
export type { InvalidScenarioCode, ScenarioProblem, ScenarioUniverse } from './validate-scenario.ts';
export { scenarioProblems, SHOCK_BOUNDS, SHOCK_BOUNDS_TEXT, simulationSpecProblems, validateScenario } from './validate-scenario.ts';
export { nonFiniteNumbers } from './finite-result.ts';
export type { ShockBookErrorCode, ShockedBook, StressMarket } from './shock-book.ts';
export { shockBook, termFactor } from './shock-book.ts';
export type { LiquidityBucket, LiquidityCostReport, LiquidityMarket, UnderlyingLiquidityCost } from './liquidity-cost.ts';
export { LIQUIDITY_BUCKETS, LIQUIDITY_CONVENTIONS, liquidityBucket, liquidityCost } from './liquidity-cost.ts';
export type {
  ApplyScenarioErrorCode, ApplyScenarioInput, GreekSummary, StockPositionList, StressResult, UnderlyingStress,
} from './apply-scenario.ts';
export { applyScenario, STRESS_CONVENTIONS } from './apply-scenario.ts';
export type { Contributor } from './worst-contributors.ts';
export type { StressSuite, StressSuiteInput } from './run-stress-suite.ts';
export { runStressSuite } from './run-stress-suite.ts';
export type { RunScenarioErrorCode, RunScenariosInput, ScenarioRun } from './run-scenarios.ts';
export { runScenarios } from './run-scenarios.ts';
export { HISTORICAL_REPLAYS, REPLAY_BY_SEVERITY, VIX_TERM_SCALING } from './historical-replays.ts';
export { BUILT_IN_SCENARIOS, findScenario, GROWTH_SECTORS, SCENARIO_LIBRARY, scenariosOfSeverity, VALUE_SECTORS } from './scenario-library.ts';
export type { PriceHistory, ReplayHistoryErrorCode, ReplayHistoryInput, ReplayHistoryResult, ReplayPoint, ReplaySourceOfUnderlying } from './replay-history.ts';
export { REPLAY_CONVENTIONS, replayHistory } from './replay-history.ts';
export { priceHistoryFromBars, withPriceWeightedIndex } from './price-history.ts';
export type { ScanClass, ScanGridResult, ScanRange, UnderlyingScan } from './regulatory-scan-grid.ts';
export { DEFAULT_SCAN_RANGES, regulatoryScanGrid, SCAN_CLASSES, SCAN_CONVENTIONS, SCAN_STEPS } from './regulatory-scan-grid.ts';
export type { ReverseFinding, ReverseStressEntry, ReverseStressErrorCode, ReverseStressInput, ReverseStressResult, ReverseTarget } from './reverse-stress.ts';
export { REVERSE_CONVENTIONS, reverseStress } from './reverse-stress.ts';
export type { MonteCarloStressErrorCode, MonteCarloStressInput, MonteCarloStressResult, RegimeSummary } from './monte-carlo-stress.ts';
export { monteCarloStress, stressedCovariance } from './monte-carlo-stress.ts';
export type { StressedStateErrorCode } from './stressed-limit-breaches.ts';
export { stressedLimitBreaches, stressedLimitMeasurements, stressedPreTradeInput } from './stressed-limit-breaches.ts';
export type { CustomScenarioInput } from './custom-scenario.ts';
export { CUSTOM_SCENARIO_DEFAULTS, customScenarioDefinition, LIBRARY_ID_PREFIX, namedTargets, problemPointer } from './custom-scenario.ts';
