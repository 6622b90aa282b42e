import type { Principal } from '../../core/auth/role.ts';
import { measureLimits, measureRestrictedHoldings, type LimitMeasurement } from '../../core/limits/measure-limits.ts';
import { planEnforcement } from '../../core/limits/plan-enforcement.ts';
import type { PreTradeState } from '../../core/limits/pre-trade-state.ts';
import type { LimitScope } from '../../core/limits/limit-definition.ts';
import { engageKillSwitch } from '../limits/kill-switch.ts';
import { recordViolation, resolveViolation } from '../limits/record-violation.ts';
import type { TradingStateListener } from '../limits/trading-state.ts';
import type { RiskPublisher } from '../ports.ts';
import type { UseCaseDeps } from '../use-case-deps.ts';

export const RISK_MONITOR: Principal = { id: 'system:risk-monitor', role: 'risk_manager', via: 'api-key' };

export interface MonitorLimitsDeps extends UseCaseDeps {
  /** Asked to deliver new instructions to the execution webhooks now (InstructionDelivery). */
  readonly delivery: { kick(): void };
  readonly publisher: RiskPublisher;
  readonly onTradingStateChange?: TradingStateListener;
}

const scopeKey = (limitId: string, scope: LimitScope): string => `${limitId}|${scope.kind}|${'value' in scope ? scope.value : ''}`;

/**
 * Limits against live positions, once per risk cycle. A newly breached limit is recorded as a
 * violation and its action applied: alert (recorded and streamed), block-new (the gate already
 * blocks risk-increasing orders), reduce / close (instructions that bring the scope back under the
 * limit or flatten it, stored, streamed and sent to the execution webhooks), emergency-stop (the
 * portfolio kill switch, HALTED). A breach still open is not recorded again; a violation whose
 * metric is back under its limit is resolved. Restricted-symbols lists are measured on the holdings
 * too (measureRestrictedHoldings).
 *
 * An emergency stop comes first: the kill switch is engaged before any other breach is recorded,
 * and webhook deliveries (InstructionDelivery, with retries) run in the background, so nothing the
 * execution system's endpoints do can delay a halt.
 */
export async function monitorLimits(deps: MonitorLimitsDeps, state: PreTradeState): Promise<{ opened: number; resolved: number }> {
  const portfolioId = state.portfolioId;
  const measured = [...measureLimits({ state }), ...measureRestrictedHoldings(state)];
  const breached = new Map<string, LimitMeasurement>();
  // emergency stops first (Map keeps insertion order)
  for (const m of measured) if (m.breached && m.action === 'emergency-stop') breached.set(scopeKey(m.limitId, m.scope), m);
  for (const m of measured) if (m.breached && m.action !== 'emergency-stop') breached.set(scopeKey(m.limitId, m.scope), m);
  const open = await deps.storage.violations.listOpen(portfolioId);
  const openKeys = new Set<string>();
  let resolved = 0;
  for (const v of open) {
    if (v.source !== 'monitor') continue;
    const key = scopeKey(v.limitId, v.scope);
    if (breached.has(key)) openKeys.add(key);
    else if ((await resolveViolation(deps, RISK_MONITOR, v.id)).ok) resolved++;
  }
  let opened = 0;
  for (const [key, m] of breached) {
    if (openKeys.has(key)) continue;
    const utilisation = Number.isFinite(m.utilisation) ? m.utilisation : null;
    if (m.action === 'emergency-stop') {
      const level = utilisation === null ? `at ${m.magnitude} against a limit of ${m.limit}` : `at ${(utilisation * 100).toFixed(1)} % of its limit`;
      await engageKillSwitch(deps, RISK_MONITOR, { scope: 'portfolio', portfolioId, reason: `emergency stop: limit ${m.limitId} (${m.type}) breached ${level}` });
    }
    const scopeValue = 'value' in m.scope ? m.scope.value : undefined;
    const plan = m.action === 'reduce' || m.action === 'close'
      ? planEnforcement({ state, limitId: m.limitId, ...(scopeValue === undefined ? {} : { scopeValue }), action: m.action })
      : null;
    const instructions = plan?.ok ? plan.value.instructions.map((i) => ({ instrumentKey: i.instrumentKey, side: i.side, quantity: i.quantity, strategyGroupId: i.strategyGroupId, reason: i.reason })) : [];
    const recorded = await recordViolation(deps, RISK_MONITOR, {
      portfolioId, limitId: m.limitId, limitType: m.type, scope: m.scope, source: 'monitor',
      metric: { current: m.current, projected: null, limit: m.limit, utilisation },
      actionTaken: m.action,
      context: { magnitude: m.magnitude, ...(plan === null ? {} : plan.ok ? { planComplete: plan.value.complete, metricAfter: plan.value.metricAfter } : { planError: plan.error.code }) },
      instructions,
    });
    if (!recorded.ok) continue;
    opened++;
    const { violation, instructions: stored } = recorded.value;
    deps.publisher.publish(portfolioId, { type: 'limit-violation', portfolioId, violation, instructions: stored });
    // delivered in the background (with retries): the instructions are stored and streamed already
    if (stored.length > 0) deps.delivery.kick();
  }
  return { opened, resolved };
}
