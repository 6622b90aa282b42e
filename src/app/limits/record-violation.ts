import type { Principal } from '../../core/auth/role.ts';
import type { LimitScope } from '../../core/limits/limit-definition.ts';
import { INVALID_INPUT, type InputProblem } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { InstructionRecord, LimitViolation, ViolationMetric, ViolationSource } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { limitSubject } from './limit-audit.ts';

export interface NewInstruction {
  readonly instrumentKey: string;
  readonly side: 'buy' | 'sell';
  /** Positive: shares or contracts. */
  readonly quantity: number;
  readonly strategyGroupId?: string | null;
  readonly reason: string;
}

export interface NewViolation {
  readonly portfolioId: string;
  readonly limitId: string;
  readonly limitType: string;
  readonly scope: LimitScope;
  readonly source: ViolationSource;
  /** Default: now. */
  readonly detectedAt?: string;
  readonly metric: ViolationMetric;
  readonly actionTaken: string;
  readonly context?: Readonly<Record<string, unknown>>;
  /** Orders that bring the scope back under the limit (reduce / close), stored with the violation. */
  readonly instructions?: readonly NewInstruction[];
}

export interface RecordedViolation { readonly violation: LimitViolation; readonly instructions: InstructionRecord[] }

export function instructionProblems(rows: readonly NewInstruction[], at: string): InputProblem[] {
  const problems: InputProblem[] = [];
  rows.forEach((r, i) => {
    if (r.instrumentKey.trim() === '') problems.push({ path: `${at}/${i}/instrumentKey`, message: 'must not be blank' });
    if (r.side !== 'buy' && r.side !== 'sell') problems.push({ path: `${at}/${i}/side`, message: 'must be "buy" or "sell"' });
    if (!Number.isFinite(r.quantity) || r.quantity <= 0) problems.push({ path: `${at}/${i}/quantity`, message: 'must be a finite number above 0' });
  });
  return problems;
}

/** New pending instruction rows with fresh ids (not yet written). */
export function buildInstructions(deps: UseCaseDeps, args: { portfolioId: string; limitId: string | null; violationId: string | null; rows: readonly NewInstruction[]; at: string }): InstructionRecord[] {
  return args.rows.map((r) => ({
    id: deps.ids.newId('ins'), portfolioId: args.portfolioId, limitId: args.limitId, violationId: args.violationId, instrumentKey: r.instrumentKey,
    side: r.side, quantity: r.quantity, strategyGroupId: r.strategyGroupId ?? null, reason: r.reason, status: 'pending',
    createdAt: args.at, acknowledgedAt: null, acknowledgedBy: null, note: null,
    // due at once: the next delivery run sends it (InstructionDelivery)
    deliveryAttempts: 0, deliveredAt: null, nextDeliveryAt: args.at, lastDeliveryError: null,
  }));
}

/**
 * Records limit violations (pre-trade or from the monitor) with the enforcement taken and any
 * instructions, each violation with its audit event, all in one transaction: all or nothing.
 */
export async function recordViolations(deps: UseCaseDeps, actor: Principal, inputs: readonly NewViolation[]): Promise<Result<RecordedViolation[]>> {
  const problems = inputs.flatMap((v, i) => instructionProblems(v.instructions ?? [], `/${i}/instructions`));
  if (problems.length > 0) return fail(INVALID_INPUT, `${problems.length} problem(s) in the instructions; nothing was written`, problems);
  const at = deps.clock.now().toISOString();
  return deps.storage.transaction(async (tx) => {
    const out: RecordedViolation[] = [];
    const known = new Set<string>();
    for (const v of inputs) {
      if (!known.has(v.portfolioId)) {
        if (!(await tx.portfolios.get(v.portfolioId))) return fail('PORTFOLIO_NOT_FOUND', `portfolio "${v.portfolioId}" does not exist`);
        known.add(v.portfolioId);
      }
      const id = deps.ids.newId('vio');
      const instructions = buildInstructions(deps, { portfolioId: v.portfolioId, limitId: v.limitId, violationId: id, rows: v.instructions ?? [], at });
      const violation: LimitViolation = {
        id, portfolioId: v.portfolioId, limitId: v.limitId, limitType: v.limitType, scope: v.scope, source: v.source,
        detectedAt: v.detectedAt ?? at, metric: v.metric, actionTaken: v.actionTaken, instructionIds: instructions.map((x) => x.id),
        context: v.context ?? {}, resolvedAt: null,
      };
      await tx.violations.insert(violation);
      await tx.instructions.insertMany(instructions);
      await tx.audit.append({ actor: actorOf(actor), eventType: 'limit.violation-recorded', subject: limitSubject(v.portfolioId, v.limitId), payload: { after: violation, instructions } });
      out.push({ violation, instructions });
    }
    return ok(out);
  });
}

/** One violation (see recordViolations). */
export async function recordViolation(deps: UseCaseDeps, actor: Principal, input: NewViolation): Promise<Result<RecordedViolation>> {
  const r = await recordViolations(deps, actor, [input]);
  return r.ok ? ok(r.value[0] as RecordedViolation) : r;
}

/** Marks a violation resolved (the scope is back under its limit). */
export async function resolveViolation(deps: UseCaseDeps, actor: Principal, violationId: string): Promise<Result<LimitViolation>> {
  return deps.storage.transaction(async (tx) => {
    const before = await tx.violations.get(violationId);
    if (before === undefined) return fail('VIOLATION_NOT_FOUND', `violation "${violationId}" does not exist`);
    if (before.resolvedAt !== null) return ok(before);
    const at = deps.clock.now().toISOString();
    await tx.violations.resolve(violationId, at);
    const after: LimitViolation = { ...before, resolvedAt: at };
    await tx.audit.append({ actor: actorOf(actor), eventType: 'limit.violation-resolved', subject: limitSubject(before.portfolioId, before.limitId), payload: { before, after } });
    return ok(after);
  });
}
