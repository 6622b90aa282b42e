/**
 * A risk limit as data. Values are absolute (in the unit of the limit's metric) or a fraction of
 * NAV (`{ mode: 'fraction-of-nav', amount: 0.2 }` = 20 % of NAV, for money-valued metrics only).
 */
export const LIMIT_TYPES = [
  // the spec's ten
  'position-size', 'gross-exposure', 'net-exposure', 'sector-exposure', 'strategy-exposure', 'daily-loss',
  'concentration', 'leverage', 'correlation', 'liquidity', 'volatility',
  // options and VaR
  'net-delta', 'net-gamma', 'net-vega', 'net-theta', 'var',
  // per order (SEC 15c3-5 / MiFID II RTS 6 style)
  'order-quantity', 'order-notional', 'price-collar', 'order-rate', 'restricted-symbols',
] as const;
export type LimitType = (typeof LIMIT_TYPES)[number];

export const ENFORCEMENT_ACTIONS = ['alert', 'block-new', 'reduce', 'close', 'emergency-stop'] as const;
export type EnforcementAction = (typeof ENFORCEMENT_ACTIONS)[number];

export type LimitScope =
  | { readonly kind: 'portfolio' }
  | { readonly kind: 'underlying'; readonly value: string }
  | { readonly kind: 'sector'; readonly value: string }
  | { readonly kind: 'strategy'; readonly value: string }
  | { readonly kind: 'symbol'; readonly value: string };

export type LimitValue =
  | { readonly mode: 'absolute'; readonly amount: number }
  | { readonly mode: 'fraction-of-nav'; readonly amount: number };

export interface LimitDefinition {
  readonly id: string;
  readonly portfolioId: string;
  readonly type: LimitType;
  readonly scope: LimitScope;
  readonly value: LimitValue;
  /** Utilisation fractions at which a warning is raised, ascending, each in (0, 1]. Default [0.8, 0.95]. */
  readonly warningLevels: readonly number[];
  readonly action: EnforcementAction;
  readonly active: boolean;
  readonly description: string;
  /**
   * Type-specific parameters: `var` {confidence: 0.95|0.99}; `price-collar` {reference: 'last'|'mid'}
   * (amount = max relative deviation, e.g. 0.05); `order-rate` (amount = orders per second);
   * `restricted-symbols` {symbols: string[]}; `position-size` {basis: 'notional'|'quantity'};
   * `concentration` {basis: 'hhi'|'largest-share'}; `liquidity` (amount = days to liquidate).
   */
  readonly params: Readonly<Record<string, unknown>>;
  /** Increases on every change; recorded with each pre-trade decision. */
  readonly version: number;
  readonly updatedAt: string;
}

export type TradingState = 'ACTIVE' | 'REDUCE_ONLY' | 'HALTED';

/** A temporary raise or suspension of one limit, approved by someone other than its requester. */
export interface LimitOverride {
  readonly id: string;
  readonly limitId: string;
  readonly portfolioId: string;
  /** 'raise' replaces the limit amount with `amount` until expiry; 'suspend' disables the limit. */
  readonly kind: 'raise' | 'suspend';
  readonly amount: number | null;
  readonly reason: string;
  readonly requestedBy: string;
  readonly approvedBy: string | null;
  readonly status: 'pending' | 'active' | 'rejected' | 'expired' | 'revoked';
  readonly expiresAt: string;
  readonly createdAt: string;
}
