/**
 * Revaluation grid: vols and rates are not shocked per path, so the P&L of all options on one
 * underlying is one smooth function of that underlying's log return y. It is priced once per
 * underlying on a uniform grid in y and interpolated per path.
 *
 * - Range: y in [-R_u, R_u], R_u = k sd_u sqrt(h) with k the 1e-4 tail quantile of the marginal
 *   (normal and t copula: 3.72; unit-variance t(4): 9.2). Shocks outside are revalued exactly
 *   (about 2 in 10,000 shocks; they are the tail paths, so exactness there is welcome).
 * - Interpolant: cubic Hermite on each of `cells` cells, node values priced exactly, slopes by
 *   the fourth-order central difference (f(-2) - 8 f(-1) + 8 f(1) - f(2)) / 12 (two extra nodes
 *   beyond each end), so the error is O(h^4) and the curve is C1.
 * - Stocks are not interpolated: with y = y_c + delta in cell c, units S e^y =
 *   (units S e^(y_c)) e^delta, e^delta by its Taylor series to delta^6 (|delta| <= h: truncation
 *   below 1e-16 relative for h <= 0.01, below 1e-13 for h <= 0.05): exact to rounding.
 * - Options whose aged sigma sqrt(T') is under 2 cells (a kink the cubic would smear: expiry
 *   within the horizon, zero vol, very short-dated) are revalued exactly on every path.
 *
 * Layout of the table (one Float64Array, U cells (GRID_STRIDE + 1) values): first, per
 * underlying u and cell c, at (u cells + c) GRID_STRIDE, the cubic c0..c3 in the cell fraction
 * f in [0, 1) of the options' P&L minus the stock's value today (units S); then, from
 * U cells GRID_STRIDE, units S e^(y_c) per (u, c). 4 doubles per cell keep one cubic in one
 * cache line; 64 cells x 50 underlyings (128 KB) stay in a 512 KB L2 cache.
 */
import type { AmericanScratch, OptionKernel } from './monte-carlo-option-kernel.ts';
import { createAmericanScratch, optionValueAt } from './monte-carlo-option-kernel.ts';
import type { MonteCarloPlan } from './monte-carlo-types.ts';

export const GRID_STRIDE = 4;

/** Length of the grid table of a plan. */
export const gridTableLength = (plan: MonteCarloPlan): number => plan.underlyingCount * plan.gridCells * (GRID_STRIDE + 1);
/** Options with sigma sqrt(T') below this many cell widths are revalued exactly per path. */
const MIN_SIGMA_ROOT_T_IN_CELLS = 2;

/** 1 when option i is interpolated on its underlying's grid, 0 when revalued exactly on every path. */
export function optionsOnGrid(plan: MonteCarloPlan, kernel: OptionKernel): Uint8Array {
  const on = new Uint8Array(kernel.count);
  if (plan.revaluation !== 'grid') return on;
  for (let i = 0; i < kernel.count; i++) {
    const u = kernel.underlying[i]!;
    const sst = plan.book.optionIsAmerican[i] === 1
      ? plan.book.optionVolatility[i]! * Math.sqrt(Math.max(plan.book.optionTimeYears[i]! - plan.agingYears, 0))
      : kernel.sigmaRootT[i]!;
    on[i] = sst >= MIN_SIGMA_ROOT_T_IN_CELLS * plan.gridStepLogReturn[u]! ? 1 : 0;
  }
  return on;
}

/** Copies the entries of underlyings [from, to) from one grid table into another. */
export function copyGridRange({
  plan,
  underlyingFrom: from,
  underlyingTo: to,
  source,
  target,
}: {
  plan: MonteCarloPlan;
  underlyingFrom: number;
  underlyingTo: number;
  source: Float64Array;
  target: Float64Array;
}): void {
  const cells = plan.gridCells;
  target.set(source.subarray(from * cells * GRID_STRIDE, to * cells * GRID_STRIDE), from * cells * GRID_STRIDE);
  const stock = plan.underlyingCount * cells * GRID_STRIDE;
  target.set(source.subarray(stock + from * cells, stock + to * cells), stock + from * cells);
}

/**
 * Grid table entries of underlyings [underlyingFrom, underlyingTo), written into `table` (the
 * whole table, gridTableLength(plan)) at their places. Deterministic: the same values whichever
 * worker builds them.
 */
export function buildRevaluationGrid({
  plan,
  kernel,
  onGrid,
  underlyingFrom,
  underlyingTo,
  table,
}: {
  plan: MonteCarloPlan;
  kernel: OptionKernel;
  onGrid: Uint8Array;
  underlyingFrom: number;
  underlyingTo: number;
  table: Float64Array;
}): void {
  const cells = plan.gridCells;
  const nodes = cells + 5;
  const values = new Float64Array(nodes);
  const expY = new Float64Array(nodes);
  const scratch = createAmericanScratch();
  for (let u = underlyingFrom; u < underlyingTo; u++) {
    const lo = plan.gridLowerLogReturn[u]!;
    const h = plan.gridStepLogReturn[u]!;
    for (let j = 0; j < nodes; j++) expY[j] = Math.exp(lo + (j - 2) * h);
    optionPnlAtNodes(plan, kernel, onGrid, scratch, u, expY, values);
    const stockValue = plan.book.stockUnits[u]! * plan.book.spots[u]!;
    const stockBase = plan.underlyingCount * cells * GRID_STRIDE + u * cells;
    for (let c = 0; c < cells; c++) {
      const j = c + 2; // node index of the cell's left knot
      const va = values[j]!, vb = values[j + 1]!;
      const ma = (values[j - 2]! - 8 * values[j - 1]! + 8 * vb - values[j + 2]!) / 12;
      const mb = (values[j - 1]! - 8 * va + 8 * values[j + 2]! - values[j + 3]!) / 12;
      const k = (u * cells + c) * GRID_STRIDE;
      table[k] = va - stockValue;
      table[k + 1] = ma;
      table[k + 2] = 3 * (vb - va) - 2 * ma - mb;
      table[k + 3] = 2 * (va - vb) + ma + mb;
      table[stockBase + c] = stockValue * expY[j]!;
    }
  }
}

/** values[j] = sum over the grid options of u of units (V(y_j) - V_today). */
function optionPnlAtNodes(
  plan: MonteCarloPlan, kernel: OptionKernel, onGrid: Uint8Array, scratch: AmericanScratch, u: number, expY: Float64Array, values: Float64Array,
): void {
  values.fill(0);
  const lo = plan.gridLowerLogReturn[u]!;
  const h = plan.gridStepLogReturn[u]!;
  for (let k = kernel.byUnderlyingStart[u]!; k < kernel.byUnderlyingStart[u + 1]!; k++) {
    const i = kernel.byUnderlyingIndex[k]!;
    if (onGrid[i] !== 1) continue;
    const units = kernel.units[i]!;
    const base = kernel.baseValue[i]!;
    for (let j = 0; j < values.length; j++) {
      const v = optionValueAt(kernel, plan.book, scratch, i, lo + (j - 2) * h, expY[j]!, plan.agingYears);
      values[j]! += units * (v - base);
    }
  }
}
