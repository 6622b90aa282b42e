/**
 * A user's own scenario: the shocks (and, for a simulated scenario, its settings) with a name,
 * turned into a full ScenarioDefinition with stated defaults, and checked by the same rules as
 * the library (validate-scenario.ts). Problems come back with JSON-pointer paths
 * ('/shocks/0/spot/relative') like every other input error of the API.
 */
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { MonteCarloStressSpec, ScenarioDefinition, ScenarioShock, ScenarioType, Severity } from './scenario-definition.ts';
import type { ScenarioProblem, ScenarioUniverse } from './validate-scenario.ts';
import { scenarioProblems } from './validate-scenario.ts';

export interface CustomScenarioInput {
  readonly name: string;
  readonly shocks: readonly ScenarioShock[];
  /** Default 'custom'. */
  readonly type?: ScenarioType;
  /** Default 'moderate' (a label for grouping; it does not scale the shocks). */
  readonly severity?: Severity;
  readonly description?: string;
  readonly sourceNotes?: string;
  /** Required when type is 'monte-carlo'. */
  readonly simulation?: MonteCarloStressSpec;
}

export const CUSTOM_SCENARIO_DEFAULTS = { type: 'custom', severity: 'moderate', sourceNotes: 'user-defined' } as const;

/** Ids starting with this belong to the built-in library. */
export const LIBRARY_ID_PREFIX = 'stress.';

/** 'shocks[2].spot.relative' -> '/shocks/2/spot/relative'. */
export function problemPointer(path: string): string {
  return `/${path.replace(/\[(\d+)\]/g, '.$1').split('.').filter((p) => p !== '').join('/')}`;
}

/** The underlyings and sectors a user's shocks name (to look up which of them the service knows). */
export function namedTargets(shocks: readonly ScenarioShock[]): { underlyings: string[]; sectors: string[] } {
  const underlyings = new Set<string>();
  const sectors = new Set<string>();
  for (const s of shocks) {
    const t: unknown = s?.target;
    if (typeof t !== 'object' || t === null) continue;
    const r = t as Record<string, unknown>;
    if (typeof r['underlying'] === 'string') underlyings.add(r['underlying']);
    if (typeof r['sector'] === 'string') sectors.add(r['sector']);
  }
  return { underlyings: [...underlyings], sectors: [...sectors] };
}

/**
 * The full definition of a user's scenario, or INVALID_SCENARIO with every problem. With a
 * universe (the underlyings and sectors the service knows), a target naming anything else is a
 * problem at '/shocks/i/target/underlying' or '/shocks/i/target/sector'.
 */
export function customScenarioDefinition(id: string, input: CustomScenarioInput, universe?: ScenarioUniverse): Result<ScenarioDefinition, 'INVALID_SCENARIO'> {
  const definition: ScenarioDefinition = {
    id, name: input.name, type: input.type ?? CUSTOM_SCENARIO_DEFAULTS.type, severity: input.severity ?? CUSTOM_SCENARIO_DEFAULTS.severity,
    description: input.description ?? '', sourceNotes: input.sourceNotes ?? CUSTOM_SCENARIO_DEFAULTS.sourceNotes, shocks: input.shocks,
    ...(input.simulation === undefined ? {} : { simulation: input.simulation }),
  };
  const problems: ScenarioProblem[] = scenarioProblems(definition, universe).map((p) => ({ path: problemPointer(p.path), message: p.message }));
  if (id.startsWith(LIBRARY_ID_PREFIX)) problems.push({ path: '/id', message: `ids starting with "${LIBRARY_ID_PREFIX}" belong to the built-in library` });
  if (problems.length > 0) return fail('INVALID_SCENARIO', `scenario "${input.name}" is invalid: ${problems.length} problem(s)`, problems);
  return ok(definition);
}
