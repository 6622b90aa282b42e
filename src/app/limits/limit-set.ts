import type { Stores, StoredLimit } from '../ports.ts';
import { effectiveLimits, nextOverrideExpiryMs, type EffectiveLimit } from './effective-limits.ts';

/** What a pre-trade decision is judged against, and the version it records. */
export interface LimitSet {
  readonly portfolioId: string;
  /** The portfolio's limits version (bumped by every limit or override change); 0 when it never had limits. */
  readonly version: number;
  readonly limits: EffectiveLimit<StoredLimit>[];
  /** Reload by this time at the latest: an override in force expires then. Null when none will. */
  readonly validUntilMs: number | null;
}

/** The limits version of a portfolio. */
export const limitsVersion = (stores: Stores, portfolioId: string): Promise<number> => stores.limits.version(portfolioId);

/**
 * Reads a portfolio's effective limits with their version. The version is read before and after the
 * rows and the read repeated if a change committed in between, so rows and version belong together.
 */
export async function loadLimitSet(stores: Stores, portfolioId: string, nowMs: number): Promise<LimitSet> {
  for (let attempt = 0; ; attempt++) {
    const v1 = await stores.limits.version(portfolioId);
    const [limits, overrides] = [await stores.limits.list(portfolioId), await stores.limitOverrides.list(portfolioId, { status: 'active' })];
    const v2 = await stores.limits.version(portfolioId);
    if (v1 === v2 || attempt >= 4) {
      return { portfolioId, version: v2, limits: effectiveLimits({ limits, overrides, nowMs }), validUntilMs: nextOverrideExpiryMs(overrides, nowMs) };
    }
  }
}
