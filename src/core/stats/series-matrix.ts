/**
 * A panel of return series: `rows` periods x `columns` assets, row-major (one row per date), so
 * that one period's cross-section is contiguous, which is what covariance updates and scenario
 * loops read.
 */
export interface SeriesMatrix {
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

/** Packs column series of equal length into a row-major SeriesMatrix. */
export function seriesMatrixFromColumns(columns: readonly Float64Array[]): SeriesMatrix {
  const cols = columns.length;
  const rows = cols === 0 ? 0 : columns[0]!.length;
  if (columns.some((c) => c.length !== rows)) throw new RangeError('columns differ in length');
  const values = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const c = columns[j]!;
    for (let t = 0; t < rows; t++) values[t * cols + j] = c[t]!;
  }
  return { values, rows, columns: cols };
}

/** Column j as its own series. */
export function seriesMatrixColumn(m: SeriesMatrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let t = 0; t < m.rows; t++) out[t] = m.values[t * m.columns + j]!;
  return out;
}
