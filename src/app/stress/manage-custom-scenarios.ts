import type { Principal } from '../../core/auth/role.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { customScenarioDefinition, namedTargets, problemPointer, SCENARIO_LIBRARY, shockBook, type CustomScenarioInput, type ScenarioDefinition } from '../../core/stress/index.ts';
import type { RiskEngineDeps } from '../risk/risk-engine-types.ts';
import type { StoredScenario } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { prepareStressInputs } from './prepare-stress-inputs.ts';
import { knownTargets } from './scenario-universe.ts';

const subject = (portfolioId: string, id: string): string => `scenario:${portfolioId}/${id}`;
const notFound = (portfolioId: string, id: string) => fail('SCENARIO_NOT_FOUND', `portfolio "${portfolioId}" has no custom scenario "${id}"`);
const noPortfolio = (portfolioId: string) => fail('PORTFOLIO_NOT_FOUND', `portfolio "${portfolioId}" does not exist`);

export interface ScenarioListing {
  readonly portfolioId: string;
  readonly library: readonly ScenarioDefinition[];
  readonly custom: readonly StoredScenario[];
}

/** The built-in library and the portfolio's own scenarios, with full definitions. */
export async function listScenarios(deps: UseCaseDeps, portfolioId: string, filter: { type?: string; severity?: string } = {}): Promise<Result<ScenarioListing>> {
  if ((await deps.storage.portfolios.get(portfolioId)) === undefined) return noPortfolio(portfolioId);
  const keep = (d: ScenarioDefinition) => (filter.type === undefined || d.type === filter.type) && (filter.severity === undefined || d.severity === filter.severity);
  const custom = await deps.storage.customScenarios.list(portfolioId);
  return ok({ portfolioId, library: SCENARIO_LIBRARY.filter(keep), custom: custom.filter((s) => keep(s.definition)) });
}

/**
 * A definition that is valid on its own can still be impossible on this book: an absolute vol cut
 * larger than some option's vol makes that vol negative. Checked on the current book when the
 * portfolio can be valued (it is checked again whenever the scenario runs).
 */
async function fitsPortfolio(deps: RiskEngineDeps, portfolioId: string, definition: ScenarioDefinition): Promise<Result<ScenarioDefinition>> {
  if (definition.type === 'monte-carlo') return ok(definition);
  const inputs = await prepareStressInputs(deps, portfolioId, { withLimits: false });
  if (!inputs.ok) return inputs.error.code === 'PORTFOLIO_NOT_FOUND' ? inputs : ok(definition);
  const shocked = shockBook({ book: inputs.value.book, market: inputs.value.market, scenario: definition });
  if (shocked.ok || shocked.error.code !== 'INVALID_SCENARIO') return ok(definition);
  const details = ((shocked.error.details as { path: string; message: string }[] | undefined) ?? [{ path: '', message: shocked.error.message }])
    .map((p) => ({ path: problemPointer(p.path), message: p.message }));
  return fail('INVALID_SCENARIO', `scenario "${definition.name}" cannot apply to portfolio "${portfolioId}": ${shocked.error.message}`, details);
}

/**
 * The definition, checked by the library rules and, when the portfolio exists, with its targets
 * limited to the underlyings and sectors the service knows (scenario-universe.ts): an unknown name
 * is INVALID_SCENARIO at '/shocks/i/target/underlying' (or '/sector'), and nothing is stored.
 */
async function validDefinition(deps: UseCaseDeps, portfolioId: string, id: string, input: CustomScenarioInput): Promise<Result<ScenarioDefinition>> {
  const shape = customScenarioDefinition(id, input);
  if (!shape.ok) return shape;
  if ((await deps.storage.portfolios.get(portfolioId)) === undefined) return noPortfolio(portfolioId);
  return customScenarioDefinition(id, input, await knownTargets(deps.storage, portfolioId, namedTargets(input.shocks)));
}

export async function createCustomScenario(deps: RiskEngineDeps, actor: Principal, portfolioId: string, input: CustomScenarioInput & { readonly id?: string }): Promise<Result<StoredScenario>> {
  const id = input.id ?? deps.ids.newId('scn');
  const valid = await validDefinition(deps, portfolioId, id, input);
  if (!valid.ok) return valid;
  const definition = await fitsPortfolio(deps, portfolioId, valid.value);
  if (!definition.ok) return definition;
  const at = deps.clock.now().toISOString();
  const stored: StoredScenario = { portfolioId, id, definition: definition.value, version: 1, createdBy: actorOf(actor), createdAt: at, updatedAt: at };
  return deps.storage.transaction(async (tx) => {
    if ((await tx.portfolios.get(portfolioId)) === undefined) return noPortfolio(portfolioId);
    if ((await tx.customScenarios.get(portfolioId, id)) !== undefined) return fail('SCENARIO_EXISTS', `portfolio "${portfolioId}" already has a scenario "${id}"`);
    await tx.customScenarios.insert(stored);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'scenario.created', subject: subject(portfolioId, id), payload: { after: stored } });
    return ok(stored);
  });
}

/** Replaces a custom scenario's definition (the id stays); `expectedVersion`, when given, guards against lost updates. */
export async function updateCustomScenario(deps: RiskEngineDeps, actor: Principal, portfolioId: string, id: string, input: CustomScenarioInput & { readonly expectedVersion?: number }): Promise<Result<StoredScenario>> {
  const valid = await validDefinition(deps, portfolioId, id, input);
  if (!valid.ok) return valid;
  const definition = await fitsPortfolio(deps, portfolioId, valid.value);
  if (!definition.ok) return definition;
  return deps.storage.transaction(async (tx) => {
    const before = await tx.customScenarios.get(portfolioId, id);
    if (before === undefined) return (await tx.portfolios.get(portfolioId)) === undefined ? noPortfolio(portfolioId) : notFound(portfolioId, id);
    if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
      return fail('VERSION_CONFLICT', `scenario "${id}" is at version ${before.version}, not ${input.expectedVersion}`);
    }
    const after: StoredScenario = { ...before, definition: definition.value, version: before.version + 1, updatedAt: deps.clock.now().toISOString() };
    if (!(await tx.customScenarios.update(after, before.version))) return fail('VERSION_CONFLICT', `scenario "${id}" changed while it was being updated`);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'scenario.updated', subject: subject(portfolioId, id), payload: { before, after } });
    return ok(after);
  });
}

export async function deleteCustomScenario(deps: UseCaseDeps, actor: Principal, portfolioId: string, id: string): Promise<Result<{ deleted: StoredScenario }>> {
  return deps.storage.transaction(async (tx) => {
    const before = await tx.customScenarios.get(portfolioId, id);
    if (before === undefined) return (await tx.portfolios.get(portfolioId)) === undefined ? noPortfolio(portfolioId) : notFound(portfolioId, id);
    await tx.customScenarios.delete(portfolioId, id);
    await tx.audit.append({ actor: actorOf(actor), eventType: 'scenario.deleted', subject: subject(portfolioId, id), payload: { before } });
    return ok({ deleted: before });
  });
}
