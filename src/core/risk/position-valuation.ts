/** Valuation of one position: either valued with its Greeks, or failed with a coded reason. */
export interface PositionGreeks {
  /** Share-equivalent delta: unit delta x quantity x multiplier (stocks: quantity). */
  readonly delta: number;
  /** delta x spot: the currency value of the delta (currency change for a 100 % move, linearised). */
  readonly dollarDelta: number;
  /** Unit gamma x quantity x multiplier (per 1 of spot, per 1 of spot). */
  readonly gamma: number;
  /** Change of dollar delta for a 1 % spot move: gamma x spot^2 x 0.01. */
  readonly dollarGammaPer1Pct: number;
  /** Currency per 1 volatility point (0.01). */
  readonly vegaPerVolPoint: number;
  /** Currency per calendar day (annual / 365). */
  readonly thetaPerDay: number;
  /** Currency per 1 percentage point (0.01) of rate. */
  readonly rhoPerPct: number;
}

export type ValuationFailureCode = 'MISSING_QUOTE' | 'RATE_UNAVAILABLE' | 'VOLATILITY_UNAVAILABLE' | 'PRICING_FAILED';

interface PositionIdentity {
  readonly positionId: string;
  readonly instrumentKey: string;
  readonly underlying: string;
  readonly assetClass: 'equity' | 'option';
  readonly quantity: number;
  readonly multiplier: number;
  readonly sector: string;
  readonly strategy: string;
  readonly strategyGroupId: string | null;
  /** '0-7d', '8-30d', '31-90d', '91-180d', '181-365d', '>1y', 'expired' or 'none' (equities). */
  readonly expiryBucket: string;
}

export interface ValuedPosition extends PositionIdentity {
  readonly status: 'ok';
  readonly spot: number;
  /** Per unit of quantity (per share, or per option on one unit of the underlying). */
  readonly unitPrice: number;
  /** unitPrice x quantity x multiplier, base currency. */
  readonly marketValue: number;
  readonly greeks: PositionGreeks;
  readonly option: null | {
    readonly timeToExpiryYears: number;
    readonly volatility: number;
    readonly volatilitySource: 'quote' | 'quote-price' | 'quoted-surface' | 'historical-flat';
    readonly method: string;
  };
}

export interface FailedPosition extends PositionIdentity {
  readonly status: 'failed';
  readonly error: { readonly code: ValuationFailureCode; readonly message: string };
}

export type PositionValuation = ValuedPosition | FailedPosition;

export const ZERO_GREEKS: PositionGreeks = { delta: 0, dollarDelta: 0, gamma: 0, dollarGammaPer1Pct: 0, vegaPerVolPoint: 0, thetaPerDay: 0, rhoPerPct: 0 };

export function expiryBucket(timeYears: number): string {
  const days = timeYears * 365;
  if (days <= 0) return 'expired';
  if (days <= 7) return '0-7d';
  if (days <= 30) return '8-30d';
  if (days <= 90) return '31-90d';
  if (days <= 180) return '91-180d';
  if (days <= 365) return '181-365d';
  return '>1y';
}
