import type { NewAuditEvent } from '../../core/audit/audit-chain.ts';
import { limitTypeOfCode } from '../../core/limits/pre-trade-reason-codes.ts';
import { limitSubject } from '../limits/limit-audit.ts';
import type { LimitViolation, Storage } from '../ports.ts';
import type { IdGenerator } from '../use-case-deps.ts';
import type { DecisionRecord } from './pre-trade-gate.ts';

/**
 * Writes one batch of decisions durably (the group-commit journal's flush), each decision as its
 * record's JSON text (decisionRecordText): the form the write-ahead log holds and that crosses to
 * the recorder's worker thread as a plain copy.
 */
export type DecisionRecorder = (lines: readonly string[]) => Promise<void>;

/**
 * The journal's flush: one transaction per batch holding each decision's idempotency row and its
 * audit event (inputs hash, limits version, decision, reason codes, latency).
 */
export const recordDecisions = (storage: Storage, ids: IdGenerator, synchronousCommit = true): DecisionRecorder => async (lines) => {
  const all = lines.map((line) => JSON.parse(line) as DecisionRecord);
  // An order under a clientOrderId already used for another body: its own audit event, as the id's
  // decision is the first one (and stays the idempotent answer).
  const isReuse = (r: DecisionRecord) => r.response.reasons.length === 1 && r.response.reasons[0]?.code === 'CLIENT_ORDER_ID_REUSED';
  const reuses = all.filter(isReuse);
  const batch = reuses.length === 0 ? all : all.filter((r) => !isReuse(r));
  // A limit that rejected an order is a pre-trade violation, kept with the decision that found it.
  const violations: LimitViolation[] = batch.flatMap((r) => r.response.decision !== 'reject' ? [] : r.response.reasons.flatMap((x) => {
    if (x.limitId === null || x.scope === null) return [];
    return [{
      id: ids.newId('vio'), portfolioId: r.response.portfolioId, limitId: x.limitId, limitType: limitTypeOfCode(x.code) ?? x.code,
      scope: x.scope, source: 'pre-trade' as const, detectedAt: r.response.checkedAt,
      metric: { current: x.current, projected: x.projected, limit: x.limit ?? Number.NaN, utilisation: x.utilisation },
      actionTaken: 'order-rejected', instructionIds: [], context: { clientOrderId: r.response.clientOrderId, code: x.code }, resolvedAt: r.response.checkedAt,
    }];
  }));
  await storage.transaction(async (tx) => {
    const inserted = await tx.preTradeDecisions.insertMany(batch.map((r) => ({
      portfolioId: r.response.portfolioId, clientOrderId: r.response.clientOrderId, requestHash: r.requestHash,
      decision: r.response, limitsVersion: r.response.limitsVersion ?? 0, decidedAt: r.response.checkedAt,
    })));
    // Only decisions not recorded before get their events (a write-ahead log replayed after a crash may repeat some).
    const fresh = new Set(inserted.map((k) => `${k.portfolioId}\u0000${k.clientOrderId}`));
    const isFresh = (portfolioId: string, clientOrderId: string) => fresh.has(`${portfolioId}\u0000${clientOrderId}`);
    const newViolations = violations.filter((v) => isFresh(v.portfolioId, String(v.context.clientOrderId)));
    if (newViolations.length > 0) await tx.violations.insertMany(newViolations);
    await tx.audit.appendMany([...batch.filter((r) => isFresh(r.response.portfolioId, r.response.clientOrderId)).map((r): NewAuditEvent => ({
      actor: r.actor, eventType: 'pre-trade.decision', subject: `portfolio:${r.response.portfolioId}`,
      payload: {
        clientOrderId: r.response.clientOrderId, inputsHash: r.requestHash, limitsVersion: r.response.limitsVersion,
        decision: r.response.decision, reasons: r.response.reasons.map((x) => ({ code: x.code, limitId: x.limitId })),
        tradingState: r.response.tradingState, latencyMicros: r.response.latencyMicros, checkedAt: r.response.checkedAt,
      },
    })), ...reuses.map((r): NewAuditEvent => ({
      actor: r.actor, eventType: 'pre-trade.client-order-id-reused', subject: `portfolio:${r.response.portfolioId}`,
      payload: { clientOrderId: r.response.clientOrderId, inputsHash: r.requestHash, decision: r.response.decision, checkedAt: r.response.checkedAt },
    })), ...newViolations.map((v): NewAuditEvent => ({ actor: 'system:pre-trade-gate', eventType: 'limit.violation-recorded', subject: limitSubject(v.portfolioId, v.limitId), payload: { after: v, instructions: [] } }))]);
  }, { synchronousCommit });
};
