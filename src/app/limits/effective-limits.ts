import type { LimitDefinition, LimitOverride } from '../../core/limits/limit-definition.ts';

/** A raise in force on a limit: `value.amount` of the effective limit is the raised amount. */
export interface AppliedOverride {
  readonly id: string;
  readonly baseAmount: number;
  readonly expiresAt: string;
}

export type EffectiveLimit<L extends LimitDefinition = LimitDefinition> = L & { readonly override?: AppliedOverride };

/** An override counts while it is approved ('active') and `nowMs` is before its expiry, whatever its stored status says later. */
export const overrideInForce = (o: LimitOverride, nowMs: number): boolean => o.status === 'active' && Date.parse(o.expiresAt) > nowMs;

/**
 * The limits that apply at `nowMs`: active limits, minus those suspended by an override in force,
 * with the largest raise in force replacing the amount when it is higher. Expired overrides lapse here by themselves,
 * before `expireOverrides` marks them. Pure.
 */
export function effectiveLimits<L extends LimitDefinition>(args: { limits: readonly L[]; overrides: readonly LimitOverride[]; nowMs: number }): EffectiveLimit<L>[] {
  const suspended = new Set<string>();
  const raises = new Map<string, LimitOverride>();
  for (const o of args.overrides) {
    if (!overrideInForce(o, args.nowMs)) continue;
    const key = `${o.portfolioId}\u0000${o.limitId}`;
    if (o.kind === 'suspend') suspended.add(key);
    else if (o.amount !== null && o.amount > (raises.get(key)?.amount ?? -Infinity)) raises.set(key, o);
  }
  const out: EffectiveLimit<L>[] = [];
  for (const l of args.limits) {
    const key = `${l.portfolioId}\u0000${l.id}`;
    if (!l.active || suspended.has(key)) continue;
    const raise = raises.get(key);
    // A raise below the limit's current amount (the limit was raised since) has no effect.
    out.push(raise === undefined || raise.amount === null || raise.amount <= l.value.amount ? l : {
      ...l, value: { ...l.value, amount: raise.amount }, override: { id: raise.id, baseAmount: l.value.amount, expiresAt: raise.expiresAt },
    });
  }
  return out;
}

/** When the effective set next changes by time alone (the earliest expiry of an override in force), or null. */
export function nextOverrideExpiryMs(overrides: readonly LimitOverride[], nowMs: number): number | null {
  let next: number | null = null;
  for (const o of overrides) {
    if (!overrideInForce(o, nowMs)) continue;
    const t = Date.parse(o.expiresAt);
    if (next === null || t < next) next = t;
  }
  return next;
}
