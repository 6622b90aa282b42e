/**
 * Path P&L of a range of blocks, by grid interpolation or exact revaluation. Block b draws from
 * the seed's xoshiro256** generator jumped b times (2^128 steps each), so results do not depend
 * on how blocks are shared among threads. Nothing is allocated per path.
 */
import { Xoshiro256StarStar } from '../stats/xoshiro256-star-star.ts';
import { GRID_STRIDE, optionsOnGrid } from './monte-carlo-grid.ts';
import type { AmericanScratch, OptionKernel } from './monte-carlo-option-kernel.ts';
import { createAmericanScratch, createOptionKernel, optionValueAt } from './monte-carlo-option-kernel.ts';
import { createShockModel, fillBlockShocks } from './monte-carlo-shocks.ts';
import type { TailPathStore } from './monte-carlo-tail-paths.ts';
import { offerTailPath } from './monte-carlo-tail-paths.ts';
import type { MonteCarloPlan } from './monte-carlo-types.ts';

/** Per-thread state derived from a plan (option constants, grid membership, scratch). */
export interface PathContext {
  readonly plan: MonteCarloPlan;
  readonly kernel: OptionKernel;
  readonly onGrid: Uint8Array;
  /** Options revalued exactly on every path even in grid mode. */
  readonly offGrid: Int32Array;
  readonly scratch: AmericanScratch;
  readonly expLogReturn: Float64Array;
  /** Scratch: positions (row + u) in the block's shocks of the shocks outside their grid. */
  readonly outside: Int32Array;
  /** Per underlying: grid lower end, 1 / step, step (log return). */
  readonly gridAxis: Float64Array;
}

export function createPathContext(plan: MonteCarloPlan): PathContext {
  const kernel = createOptionKernel({ book: plan.book, agingYears: plan.agingYears, baseValue: plan.optionBaseValue });
  const onGrid = optionsOnGrid(plan, kernel);
  const offGrid: number[] = [];
  if (plan.revaluation === 'grid') for (let i = 0; i < kernel.count; i++) if (onGrid[i] === 0) offGrid.push(i);
  const gridAxis = new Float64Array(3 * plan.underlyingCount);
  for (let u = 0; u < plan.underlyingCount; u++) {
    gridAxis[3 * u] = plan.gridLowerLogReturn[u]!;
    gridAxis[3 * u + 1] = 1 / plan.gridStepLogReturn[u]!;
    gridAxis[3 * u + 2] = plan.gridStepLogReturn[u]!;
  }
  return {
    plan, kernel, onGrid, offGrid: Int32Array.from(offGrid),
    scratch: createAmericanScratch(), expLogReturn: new Float64Array(plan.underlyingCount), gridAxis,
    outside: new Int32Array(plan.pathsPerBlock * plan.underlyingCount),
  };
}

/** Generator of block b: the seed's generator jumped b times. */
export function blockGenerator({ seed, block }: { seed: number; block: number }): Xoshiro256StarStar {
  const rng = new Xoshiro256StarStar(seed);
  for (let b = 0; b < block; b++) rng.jump();
  return rng;
}

/**
 * P&L of every path of blocks [blockFrom, blockTo), written to `out` from index 0. `grid` is the
 * grid table in grid mode, null for exact revaluation. Paths are offered to `tail` (if given)
 * with their shocks. Returns how many (path, underlying) shocks fell outside their grid.
 */
export function simulatePathBlocks({
  context,
  grid,
  blockFrom,
  blockTo,
  out,
  tail,
}: {
  context: PathContext;
  grid: Float64Array | null;
  blockFrom: number;
  blockTo: number;
  out: Float64Array;
  tail: TailPathStore | null;
}): number {
  const { plan } = context;
  const d = plan.underlyingCount;
  const shocks = new Float64Array(plan.pathsPerBlock * d);
  const shockModel = createShockModel(plan);
  const rng = blockGenerator({ seed: plan.seed, block: blockFrom });
  let outside = 0;
  let written = 0;
  for (let b = blockFrom; b < blockTo; b++) {
    const n = Math.min(plan.pathsPerBlock, plan.pathCount - b * plan.pathsPerBlock);
    fillBlockShocks(shockModel, rng.clone(), n, shocks);
    rng.jump();
    if (grid === null) {
      for (let p = 0; p < n; p++) out[written + p] = exactPathPnl(context, shocks, p * d);
    } else {
      outside += gridBlockPnl(context, grid, shocks, n, out, written);
    }
    if (tail !== null) {
      const first = b * plan.pathsPerBlock;
      for (let p = 0; p < n; p++) offerTailPath(tail, first + p, out[written + p]!, shocks, p * d);
    }
    written += n;
  }
  return outside;
}

/**
 * Grid P&L of n paths; returns the number of shocks outside their grid. Those are collected in
 * `context.outside` and revalued after the loop, which keeps the hot loop small enough for V8
 * to keep its values in registers (a call in it costs ~2x).
 */
function gridBlockPnl(context: PathContext, grid: Float64Array, shocks: Float64Array, n: number, out: Float64Array, offset: number): number {
  const { plan, gridAxis, outside } = context;
  const d = plan.underlyingCount;
  const cells = plan.gridCells;
  const stockTable = d * cells * GRID_STRIDE;
  let outsideCount = 0;
  for (let p = 0; p < n; p++) {
    const row = p * d;
    let total = 0;
    for (let u = 0; u < d; u++) {
      const x = (shocks[row + u]! - gridAxis[3 * u]!) * gridAxis[3 * u + 1]!;
      if (x >= 0 && x < cells) {
        const c = x | 0;
        const f = x - c;
        const k = (u * cells + c) * GRID_STRIDE;
        // Estrin's scheme for the cubic and for e^delta (delta = f h): shorter dependency chains than Horner (~1.8x here)
        const e = f * gridAxis[3 * u + 2]!;
        const e2 = e * e;
        const expE = (1 + e) + e2 * ((1 / 2 + e * (1 / 6)) + e2 * ((1 / 24 + e * (1 / 120)) + e2 * (1 / 720)));
        total += (grid[k]! + f * grid[k + 1]!) + f * f * (grid[k + 2]! + f * grid[k + 3]!) + grid[stockTable + u * cells + c]! * expE;
      } else {
        outside[outsideCount++] = row + u;
      }
    }
    out[offset + p] = total;
  }
  for (let k = 0; k < outsideCount; k++) {
    const at = outside[k]!;
    const p = Math.floor(at / d);
    const u = at - p * d;
    out[offset + p]! += exactUnderlyingPnl(context, u, shocks[at]!);
  }
  if (context.offGrid.length > 0) for (let p = 0; p < n; p++) out[offset + p]! += offGridPnl(context, shocks, p * d);
  return outsideCount;
}

/** Stock and on-grid option P&L of underlying u after log return y, priced exactly. */
function exactUnderlyingPnl(context: PathContext, u: number, y: number): number {
  const { plan, kernel, onGrid, scratch } = context;
  const ey = Math.exp(y);
  let total = plan.book.stockUnits[u]! * plan.book.spots[u]! * Math.expm1(y);
  for (let k = kernel.byUnderlyingStart[u]!; k < kernel.byUnderlyingStart[u + 1]!; k++) {
    const i = kernel.byUnderlyingIndex[k]!;
    if (onGrid[i] !== 1) continue;
    total += kernel.units[i]! * (optionValueAt(kernel, plan.book, scratch, i, y, ey, plan.agingYears) - kernel.baseValue[i]!);
  }
  return total;
}

function offGridPnl(context: PathContext, shocks: Float64Array, row: number): number {
  const { plan, kernel, scratch, offGrid } = context;
  let total = 0;
  for (let k = 0; k < offGrid.length; k++) {
    const i = offGrid[k]!;
    const y = shocks[row + kernel.underlying[i]!]!;
    total += kernel.units[i]! * (optionValueAt(kernel, plan.book, scratch, i, y, Math.exp(y), plan.agingYears) - kernel.baseValue[i]!);
  }
  return total;
}

/** Exact full revaluation of one path whose shocks are at `shocks[row, row + d)`. */
export function exactPathPnl(context: PathContext, shocks: Float64Array, row: number): number {
  const { plan, kernel, scratch, expLogReturn } = context;
  const { stockUnits, spots } = plan.book;
  let total = 0;
  for (let u = 0; u < plan.underlyingCount; u++) {
    const y = shocks[row + u]!;
    expLogReturn[u] = Math.exp(y);
    total += stockUnits[u]! * spots[u]! * Math.expm1(y);
  }
  const und = kernel.underlying, units = kernel.units, base = kernel.baseValue;
  for (let i = 0; i < kernel.count; i++) {
    const u = und[i]!;
    total += units[i]! * (optionValueAt(kernel, plan.book, scratch, i, shocks[row + u]!, expLogReturn[u]!, plan.agingYears) - base[i]!);
  }
  return total;
}

/** Exact P&L of `count` paths whose shocks are the consecutive rows of `rows` (d values each). */
export function exactPnlOfRows({ context, rows, out }: { context: PathContext; rows: Float64Array; out: Float64Array }): void {
  const d = context.plan.underlyingCount;
  for (let k = 0; k < out.length; k++) out[k] = exactPathPnl(context, rows, k * d);
}
