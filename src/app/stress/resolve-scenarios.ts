import type { InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import {
  BUILT_IN_SCENARIOS, customScenarioDefinition, findScenario, namedTargets, SCENARIO_TYPES, type CustomScenarioInput, type ScenarioDefinition,
  type ScenarioType, type ScenarioUniverse, type Severity,
} from '../../core/stress/index.ts';
import type { StoredScenario } from '../ports.ts';

/** One entry of a stress-test request: a scenario id, a scenario type, or a definition given inline. */
export type ScenarioRequest = string | (CustomScenarioInput & { readonly id?: string });

export const SCENARIO_RESOLUTION_RULES = {
  id: 'a library id (stress.<type>.<severity>, stress.replay.<episode>) or the id of one of the portfolio\'s custom scenarios',
  type: 'a scenario type (e.g. "market-crash") runs the library scenario of that type at the requested severity (default moderate)',
  inline: 'a definition {name, shocks, ...} runs as given (not stored); its id defaults to inline-<position in the list>',
  none: 'no scenarios: the nine types at the requested severity, or all 36 library scenarios when no severity is given',
} as const;

const DEFAULT_SEVERITY: Severity = 'moderate';

/**
 * The scenarios a stress-test request names, in request order. Unknown ids are listed together
 * (SCENARIO_NOT_FOUND, 404); invalid inline definitions together (INVALID_SCENARIO, 400). With a
 * universe, an inline target naming an underlying or sector outside it is invalid (library and
 * stored custom scenarios are not checked again: their unmatched targets are reported per result).
 */
export function resolveScenarios(args: {
  requested: readonly ScenarioRequest[] | undefined;
  severity: Severity | undefined;
  custom: readonly StoredScenario[];
  universe?: ScenarioUniverse;
}): Result<ScenarioDefinition[]> {
  const { requested, severity } = args;
  if (requested === undefined || requested.length === 0) {
    return ok(BUILT_IN_SCENARIOS.filter((s) => severity === undefined || s.severity === severity));
  }
  const custom = new Map(args.custom.map((s) => [s.id, s.definition]));
  const missing: InputProblem[] = [];
  const invalid: InputProblem[] = [];
  const out: ScenarioDefinition[] = [];
  requested.forEach((entry, i) => {
    if (typeof entry === 'string') {
      const found = findScenario(entry) ?? custom.get(entry)
        ?? ((SCENARIO_TYPES as readonly string[]).includes(entry) ? findScenario(`stress.${entry as ScenarioType}.${severity ?? DEFAULT_SEVERITY}`) : undefined);
      if (found === undefined) missing.push({ path: `/scenarios/${i}`, message: `no scenario "${entry}" in the library or among this portfolio's custom scenarios` });
      else out.push(found);
      return;
    }
    const r = customScenarioDefinition(entry.id ?? `inline-${i + 1}`, entry, args.universe);
    if (r.ok) out.push(r.value);
    else for (const p of (r.error.details as InputProblem[] | undefined) ?? []) invalid.push({ path: `/scenarios/${i}${p.path}`, message: p.message });
  });
  if (invalid.length > 0) return fail('INVALID_SCENARIO', `${invalid.length} problem(s) in the scenario definitions; nothing was run`, invalid);
  if (missing.length > 0) return fail('SCENARIO_NOT_FOUND', missing.map((m) => m.message).join('; '), missing);
  const ids = out.map((s) => s.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) return fail('INVALID_SCENARIO', `scenario "${duplicate}" is requested twice`, [{ path: '/scenarios', message: `"${duplicate}" appears more than once` }]);
  return ok(out);
}

/** The underlyings and sectors the inline definitions of a request name (ids are not looked at). */
export function inlineTargets(requested: readonly ScenarioRequest[] | undefined): { underlyings: string[]; sectors: string[] } {
  const shocks = (requested ?? []).flatMap((e) => (typeof e === 'string' || !Array.isArray(e.shocks) ? [] : e.shocks));
  return namedTargets(shocks);
}
