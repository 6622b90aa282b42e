/**
 * Sample covariance and Pearson correlation matrices of a SeriesMatrix, returned as flat
 * row-major `columns x columns` Float64Arrays. Two-pass: column means first, then dot products
 * of the centred columns (upper triangle, mirrored).
 */
import type { SeriesMatrix } from './series-matrix.ts';

/** 'n-1' (sample, R `cov`, numpy `cov` default) or 'n' (population). */
export type CovarianceDenominator = 'n-1' | 'n';

export function covarianceMatrix({
  returns,
  denominator = 'n-1',
}: {
  returns: SeriesMatrix;
  denominator?: CovarianceDenominator;
}): Float64Array {
  const { values, rows, columns: d } = returns;
  const means = new Float64Array(d);
  for (let t = 0; t < rows; t++) {
    const base = t * d;
    for (let j = 0; j < d; j++) means[j]! += values[base + j]!;
  }
  for (let j = 0; j < d; j++) means[j]! /= rows;

  // centred columns, contiguous (column-major), so that each entry is one dot product
  const centred = new Float64Array(rows * d);
  for (let t = 0; t < rows; t++) {
    const base = t * d;
    for (let j = 0; j < d; j++) centred[j * rows + t] = values[base + j]! - means[j]!;
  }
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) cov[i * d + j] = dot(centred, i * rows, j * rows, rows);
  }
  const divisor = denominator === 'n-1' ? rows - 1 : rows;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = cov[i * d + j]! / divisor;
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
  return cov;
}

/** sum_k x[a + k] x[b + k], k < n, with two accumulators to break the add dependency chain. */
function dot(x: Float64Array, a: number, b: number, n: number): number {
  let s0 = 0, s1 = 0, k = 0;
  for (; k + 1 < n; k += 2) {
    s0 += x[a + k]! * x[b + k]!;
    s1 += x[a + k + 1]! * x[b + k + 1]!;
  }
  if (k < n) s0 += x[a + k]! * x[b + k]!;
  return s0 + s1;
}

/** Correlation matrix and standard deviations from a covariance matrix (flat, row-major). */
export function covarianceToCorrelation({
  covariance,
  dimension,
}: {
  covariance: Float64Array;
  dimension: number;
}): { correlation: Float64Array; sd: Float64Array } {
  const d = dimension;
  const sd = new Float64Array(d);
  for (let i = 0; i < d; i++) sd[i] = Math.sqrt(covariance[i * d + i]!);
  const correlation = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) correlation[i * d + j] = i === j ? 1 : covariance[i * d + j]! / (sd[i]! * sd[j]!);
  }
  return { correlation, sd };
}

/** The covariance matrix sd_i sd_j rho_ij from a correlation matrix and standard deviations. */
export function correlationToCovariance({ correlation, sd }: { correlation: Float64Array; sd: Float64Array }): Float64Array {
  const d = sd.length;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) cov[i * d + j] = correlation[i * d + j]! * sd[i]! * sd[j]!;
  }
  return cov;
}

/** Pearson correlation matrix (unit diagonal by construction). */
export function correlationMatrix({ returns }: { returns: SeriesMatrix }): Float64Array {
  return covarianceToCorrelation({ covariance: covarianceMatrix({ returns }), dimension: returns.columns }).correlation;
}
