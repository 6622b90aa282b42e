import type { ReportIssue } from '../../core/risk/risk-report.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { reverseStress, type ReverseStressResult } from '../../core/stress/index.ts';
import type { RiskEngineDeps } from '../risk/risk-engine-types.ts';
import { prepareStressInputs } from './prepare-stress-inputs.ts';

export interface ReverseStressRequest {
  /** NAV-loss targets, e.g. [0.1, 0.25]; default [0.05, 0.1, 0.25]. */
  readonly lossFractions?: readonly number[];
  /** Default true: also find the moves that breach each active limit. */
  readonly includeLimits?: boolean;
  readonly ranges?: { readonly market?: { readonly down: number; readonly up: number }; readonly volatility?: { readonly down: number; readonly up: number } };
  readonly valuationDate?: string;
}

export interface ReverseStressResponse extends ReverseStressResult {
  readonly portfolioId: string;
  readonly asOf: string;
  readonly nav: number;
  /** Why limit targets are missing, when they are. */
  readonly limitsUnavailable: { readonly code: string; readonly message: string } | null;
  readonly issues: readonly ReportIssue[];
}

const DEFAULT_LOSS_FRACTIONS = [0.05, 0.1, 0.25];

/** The smallest market and volatility moves that lose each fraction of NAV or breach each limit. */
export async function runReverseStress(deps: RiskEngineDeps, portfolioId: string, request: ReverseStressRequest = {}): Promise<Result<ReverseStressResponse>> {
  const withLimits = request.includeLimits ?? true;
  const inputs = await prepareStressInputs(deps, portfolioId, { withLimits, ...(request.valuationDate === undefined ? {} : { valuationDate: request.valuationDate }) });
  if (!inputs.ok) return inputs;
  const { prepared, market, stockPositions, liquidityMarket, limitState } = inputs.value;
  if (!(prepared.nav > 0)) return fail('NAV_NOT_POSITIVE', `NAV ${prepared.nav} is not positive`);
  if (prepared.positions.length === 0) {
    return fail('NO_MARKET_RISK', `portfolio "${portfolioId}" holds no positions (cash only): no market or volatility move loses any of its NAV or moves a limit, so there is no move to find`);
  }
  const limits = withLimits && limitState.ok ? limitState.value : null;
  const r = reverseStress({
    book: limits?.book ?? inputs.value.book, market, netAssetValue: prepared.nav, stockPositions, liquidityMarket,
    lossFractions: request.lossFractions ?? DEFAULT_LOSS_FRACTIONS,
    ...(limits === null ? {} : { limitState: limits.input }), ...(request.ranges === undefined ? {} : { ranges: request.ranges }),
  });
  if (!r.ok) return r;
  return ok({
    ...r.value, portfolioId, asOf: prepared.snapshot.asOf, nav: prepared.nav, issues: prepared.issues,
    limitsUnavailable: !withLimits ? { code: 'NOT_REQUESTED', message: 'includeLimits was false' } : limitState.ok ? null : { code: limitState.error.code, message: limitState.error.message },
  });
}
