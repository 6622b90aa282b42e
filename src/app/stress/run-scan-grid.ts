import type { ReportIssue } from '../../core/risk/risk-report.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { DEFAULT_SCAN_RANGES, regulatoryScanGrid, type ScanClass, type ScanGridResult, type ScanRange } from '../../core/stress/index.ts';
import type { RiskEngineDeps } from '../risk/risk-engine-types.ts';
import { NO_POSITIONS_ISSUE, prepareStressInputs } from './prepare-stress-inputs.ts';

export interface ScanGridRequest {
  /** Class per underlying; default broad-index for reference type 'index' and the portfolio's benchmark, equity otherwise. */
  readonly classes?: Readonly<Record<string, ScanClass>>;
  readonly ranges?: Partial<Record<ScanClass, ScanRange>>;
  readonly valuationDate?: string;
}

export interface ScanGridResponse extends Omit<ScanGridResult, 'conventions'> {
  readonly portfolioId: string;
  readonly asOf: string;
  readonly nav: number;
  readonly requirementFractionOfNav: number | null;
  readonly classes: Readonly<Record<string, ScanClass>>;
  readonly issues: readonly ReportIssue[];
  readonly conventions: Readonly<Record<string, string>>;
}

/** The OCC TIMS / FINRA 4210 style scan of the portfolio: the margin-like requirement per underlying, class and in total. */
export async function runScanGrid(deps: RiskEngineDeps, portfolioId: string, request: ScanGridRequest = {}): Promise<Result<ScanGridResponse>> {
  const inputs = await prepareStressInputs(deps, portfolioId, { withLimits: false, ...(request.valuationDate === undefined ? {} : { valuationDate: request.valuationDate }) });
  if (!inputs.ok) return inputs;
  const { book, prepared } = inputs.value;
  const unknown = Object.keys(request.classes ?? {}).filter((u) => !book.underlyings.includes(u));
  if (unknown.length > 0) return fail('UNDERLYING_NOT_HELD', `no valued position on ${unknown.join(', ')}`, unknown.map((u) => ({ path: `/classes/${u}`, message: 'not held' })));
  const benchmark = prepared.portfolio.benchmarkSymbol;
  const classes = book.underlyings.map((u): ScanClass => request.classes?.[u]
    ?? (prepared.snapshot.reference.get(u)?.type === 'index' || u === benchmark ? 'broad-index' : 'equity'));
  const grid = regulatoryScanGrid({ book, classes, ranges: { ...DEFAULT_SCAN_RANGES, ...(request.ranges ?? {}) } });
  if (!grid.ok) return grid;
  const { nav } = prepared;
  return ok({
    ...grid.value, portfolioId, asOf: prepared.snapshot.asOf, nav, requirementFractionOfNav: nav > 0 ? grid.value.requirement / nav : null,
    classes: Object.fromEntries(book.underlyings.map((u, i) => [u, classes[i]!])),
    // a cash-only portfolio: a requirement of 0 is the true answer, said in so many words
    issues: prepared.positions.length === 0 ? [...prepared.issues, NO_POSITIONS_ISSUE(portfolioId)] : prepared.issues,
    conventions: { ...grid.value.conventions, classes: "broad-index: reference type 'index' or the portfolio's benchmark; equity otherwise (override per underlying with `classes`)" },
  });
}
